# ruff: noqa: E501, W293 - the documents are copied verbatim, whitespace included
"""The official public API's documents for runs, exactly as wandb 0.31.0 sends them
(``../shared/spec/protocol.md`` Appendix), whitespace included."""

from __future__ import annotations

GET_PROJECT = """query GetProject($name: String!, $entity: String!) {
  project(name: $name, entityName: $entity) {
    ...ProjectFragment
  }
}

fragment ApiKeyFragment on ApiKey {
  id
  name
  description
}

fragment ProjectFragment on Project {
  __typename
  id
  name
  entityName
  createdAt
  isBenchmark
  user {
    ...UserFragment
  }
}

fragment UserFragment on User {
  id
  name
  username
  email
  admin
  flags
  entity
  deletedAt
  apiKeys {
    edges {
      node {
        ...ApiKeyFragment
      }
    }
  }
  teams {
    edges {
      node {
        name
      }
    }
  }
}
"""

GET_DEFAULT_ENTITY = """query GetDefaultEntity {
  viewer {
    id
    entity
  }
}
"""

RUNS = """#graphql
        query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
            project(name: $project, entityName: $entity) {
                internalId
                runCount(filters: $filters)
                readOnly
                runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
                    edges {
                        node {
                            projectId
                            ...LightweightRunFragment
                        }
                        cursor
                    }
                    pageInfo {
                        endCursor
                        hasNextPage
                    }
                }
            }
        }
        fragment LightweightRunFragment on Run {
    id
    tags
    name
    displayName
    sweepName
    state
    group
    jobType
    commit
    readOnly
    createdAt
    heartbeatAt
    description
    notes
    historyLineCount
    user {
        name
        username
    }
}
        
"""

RUN = """#graphql
        query Run($project: String!, $entity: String!, $name: String!) {
            project(name: $project, entityName: $entity) {
                run(name: $name) {
                    projectId
                    ...RunFragment
                }
            }
        }
        fragment RunFragment on Run {
    id
    tags
    name
    displayName
    sweepName
    state
    config
    group
    jobType
    commit
    readOnly
    createdAt
    heartbeatAt
    description
    notes
    systemMetrics
    summaryMetrics
    historyLineCount
    user {
        name
        username
    }
    historyKeys
}
        
"""

RUN_FULL_HISTORY = """        query RunFullHistory($project: String!, $entity: String!, $name: String!, $samples: Int) {
            project(name: $project, entityName: $entity) {
                run(name: $name) { history(samples: $samples) }
            }
        }
        
"""

RUN_HISTORY_KEYS = """        query RunHistoryKeys($project: String!, $entity: String!, $name: String!) {
            project(name: $project, entityName: $entity) {
                run(name: $name) { historyKeys }
            }
        }
        
"""

RUN_PARQUET_HISTORY = """query RunParquetHistory ($entity: String!, $project: String!, $runName: String!, $liveKeys: [String!]!) {
	project(name: $project, entityName: $entity) {
		run(name: $runName) {
			parquetHistory(liveKeys: $liveKeys) {
				parquetUrls
				liveData
			}
		}
	}
}
"""

HISTORY_PAGE = """query HistoryPage ($entity: String!, $project: String!, $run: String!, $minStep: Int64!, $maxStep: Int64!, $pageSize: Int!) {
	project(name: $project, entityName: $entity) {
		run(name: $run) {
			history(minStep: $minStep, maxStep: $maxStep, samples: $pageSize)
		}
	}
}
"""

GET_VIEWER = """query GetViewer {
  viewer {
    ...UserFragment
  }
}

fragment ApiKeyFragment on ApiKey {
  id
  name
  description
}

fragment UserFragment on User {
  id
  name
  username
  email
  admin
  flags
  entity
  deletedAt
  apiKeys {
    edges {
      node {
        ...ApiKeyFragment
      }
    }
  }
  teams {
    edges {
      node {
        name
      }
    }
  }
}
"""
