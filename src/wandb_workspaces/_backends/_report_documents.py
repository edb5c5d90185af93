"""The GraphQL documents of reports: those the official clients send, byte for byte, and
two of panelbank's for servers that check versions (see :mod:`._graphql_reports`)."""

from __future__ import annotations

__all__ = [
    "CREATE_ACCESS_TOKEN",
    "CREATE_PROJECT",
    "DELETE_REPORT",
    "GET_PROJECTS",
    "LIST_REPORTS",
    "PROJECT_INTERNAL_ID",
    "REPORT_VERSION",
    "REVOKE_ACCESS_TOKEN",
    "SPECIFIC_REPORT",
    "UPDATE_ACCESS_TOKEN_PROJECTS",
    "UPSERT_REPORT",
    "UPSERT_REPORT_CHECKED",
    "VIEW_ACCESS_TOKENS",
]

# wandb-workspaces 0.4.13 (reports/v2/gql.py), byte for byte.
SPECIFIC_REPORT = """
    query SpecificReport($reportId: ID!) {
        view(id: $reportId) {
            id
            name
            displayName
            description
            project {
                id
                name
                entityName
            }
            createdAt
            updatedAt
            spec
        }
    }
"""

UPSERT_REPORT = """
    mutation upsertView(
        $id: ID
        $entityName: String
        $projectName: String
        $type: String
        $name: String
        $displayName: String
        $description: String
        $spec: String!
    ) {
        upsertView(
        input: {
            id: $id
            entityName: $entityName
            projectName: $projectName
            name: $name
            displayName: $displayName
            description: $description
            type: $type
            createdUsing: WANDB_SDK
            spec: $spec
        }
        ) {
        view {
            id
            type
            name
            displayName
            description
            project {
                id
                name
            entityName
            }
            spec
            updatedAt
        }
        inserted
        }
    }
"""

DELETE_REPORT = """
    mutation deleteView($id: ID!, $deleteDrafts: Boolean) {
        deleteView(input: { id: $id, deleteDrafts: $deleteDrafts }) {
            success
            pendingDrafts
            __typename
        }
    }
"""

PROJECT_INTERNAL_ID = """
    query ProjectInternalId($projectName: String!, $entityName: String!) {
        project(name: $projectName, entityName: $entityName) {
            id
            internalId
        }
    }
"""

VIEW_ACCESS_TOKENS = """
    query ViewAccessTokens($reportId: ID!) {
        view(id: $reportId) {
            accessTokens {
                token
                type
                revokedAt
                projects {
                    entityName
                    name
                }
            }
        }
    }
"""

CREATE_ACCESS_TOKEN = """
    mutation createAccessToken(
        $viewId: ID!
        $projects: [ProjectSpecifier!]!
    ) {
        createAccessToken(
            input: {
                viewId: $viewId
                projects: $projects
            }
        ) {
            accessToken {
                token
                type
            }
        }
    }
"""

UPDATE_ACCESS_TOKEN_PROJECTS = """
    mutation updateAccessTokenProjects(
        $token: String!
        $projects: [ProjectSpecifier!]!
    ) {
        updateAccessTokenProjects(
            input: {
                token: $token
                projects: $projects
            }
        ) {
            success
        }
    }
"""

REVOKE_ACCESS_TOKEN = """
    mutation revokeAccessToken($token: String!) {
        revokeAccessToken(input: { token: $token }) {
            success
        }
    }
"""

# The wandb SDK's (apis/_generated/operations.py): Api.projects() and Api.create_project().
GET_PROJECTS = """
query GetProjects($entity: String, $cursor: String, $perPage: Int = 50) {
  models(entityName: $entity, after: $cursor, first: $perPage) {
    pageInfo {
      ...PageInfoFragment
    }
    edges {
      node {
        ...ProjectFragment
      }
    }
  }
}

fragment ApiKeyFragment on ApiKey {
  id
  name
  description
}

fragment PageInfoFragment on PageInfo {
  __typename
  endCursor
  hasNextPage
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

CREATE_PROJECT = """
mutation CreateProject($input: UpsertModelInput!) {
  result: upsertModel(input: $input) {
    project {
      ...CreatedProjectFragment
    }
    model {
      ...CreatedProjectFragment
    }
    inserted
  }
}

fragment CreatedProjectFragment on Project {
  id
  name
  entityName
  description
  access
  views
}
"""

# Beyond the official clients (W&B's public schema has them).
LIST_REPORTS = """
query ProjectReports($entityName: String, $name: String) {
    project(name: $name, entityName: $entityName) {
        allViews(viewType: "runs") {
            edges {
                node {
                    id
                    name
                    displayName
                    updatedAt
                }
            }
        }
    }
}
"""

# Only for servers listing VIEW_VERSION_FEATURE: W&B's schema has no version fields.
REPORT_VERSION = """
query ReportVersion($id: ID!) {
    view(id: $id) {
        id
        type
        version
    }
}
"""

UPSERT_REPORT_CHECKED = """
mutation UpsertReportChecked($id: ID, $entityName: String, $projectName: String, $type: String, $name: String, $displayName: String, $description: String, $spec: String!, $expectedVersion: Int) {
    upsertView(
        input: {id: $id, entityName: $entityName, projectName: $projectName, name: $name, displayName: $displayName, description: $description, type: $type, createdUsing: WANDB_SDK, spec: $spec, expectedVersion: $expectedVersion}
    ) {
        view {
            id
            type
            name
            displayName
            description
            project {
                id
                name
                entityName
            }
            spec
            updatedAt
            version
        }
        inserted
    }
}
"""  # noqa: E501
