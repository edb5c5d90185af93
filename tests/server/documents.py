# ruff: noqa: E501 - the documents are copied verbatim, whitespace included
"""The GraphQL documents the official clients send, copied from the protocol notes.

Source: ``shared/spec/protocol.md``, Appendix (wandb 0.31.0, wandb-workspaces 0.4.13),
whitespace included: the server must accept them byte for byte.
"""

from __future__ import annotations

__all__ = [
    "FEATURES",
    "GET_DEFAULT_ENTITY",
    "GET_PROJECT",
    "GET_VIEWER",
    "SERVER_FEATURES_QUERY",
    "SPEC",
    "UPSERT_VIEW2",
    "VIEW",
    "VIEWER",
]

VIEWER = "query Viewer {\n\tviewer {\n\t\tid\n\t\tentity\n\t\tusername\n\t\temail\n\t\tflags\n\t\tteams {\n\t\t\tedges {\n\t\t\t\tnode {\n\t\t\t\t\tname\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t}\n}\n"

GET_VIEWER = "query GetViewer {\n  viewer {\n    ...UserFragment\n  }\n}\n\nfragment ApiKeyFragment on ApiKey {\n  id\n  name\n  description\n}\n\nfragment UserFragment on User {\n  id\n  name\n  username\n  email\n  admin\n  flags\n  entity\n  deletedAt\n  apiKeys {\n    edges {\n      node {\n        ...ApiKeyFragment\n      }\n    }\n  }\n  teams {\n    edges {\n      node {\n        name\n      }\n    }\n  }\n}\n"

GET_PROJECT = "query GetProject($name: String!, $entity: String!) {\n  project(name: $name, entityName: $entity) {\n    ...ProjectFragment\n  }\n}\n\nfragment ApiKeyFragment on ApiKey {\n  id\n  name\n  description\n}\n\nfragment ProjectFragment on Project {\n  __typename\n  id\n  name\n  entityName\n  createdAt\n  isBenchmark\n  user {\n    ...UserFragment\n  }\n}\n\nfragment UserFragment on User {\n  id\n  name\n  username\n  email\n  admin\n  flags\n  entity\n  deletedAt\n  apiKeys {\n    edges {\n      node {\n        ...ApiKeyFragment\n      }\n    }\n  }\n  teams {\n    edges {\n      node {\n        name\n      }\n    }\n  }\n}\n"

GET_DEFAULT_ENTITY = "query GetDefaultEntity {\n  viewer {\n    id\n    entity\n  }\n}\n"

UPSERT_VIEW2 = "        mutation UpsertView2($id: ID, $entityName: String, $projectName: String, $type: String, $name: String, $displayName: String, $description: String, $spec: String) {\n        upsertView(\n            input: {id: $id, entityName: $entityName, projectName: $projectName, name: $name, displayName: $displayName, description: $description, type: $type, spec: $spec, createdUsing: WANDB_SDK}\n        ) {\n            view {\n                id\n                name\n            }\n            inserted\n        }\n        }\n        \n"

VIEW = '        query View($entityName: String, $name: String, $viewType: String = "runs", $userName: String, $viewName: String) {\n            project(name: $name, entityName: $entityName) {\n                allViews(viewType: $viewType, viewName: $viewName, userName: $userName) {\n                    edges {\n                        node {\n                            id\n                            displayName\n                            spec\n                        }\n                    }\n                }\n            }\n        }\n        \n'

SERVER_FEATURES_QUERY = "query ServerFeaturesQuery {\n\tserverInfo {\n\t\tfeatures {\n\t\t\tname\n\t\t\tisEnabled\n\t\t}\n\t}\n}\n"

#: what panelbank answers to SERVER_FEATURES_QUERY: its own feature, none of W&B's
FEATURES = {
    "serverInfo": {"features": [{"name": "PANELBANK_VIEW_EXPECTED_VERSION", "isEnabled": True}]}
}

#: the spec wandb-workspaces sent for Workspace(sections=[Section("S", [LinePlot(...)])])
SPEC = '{"section":{"panelBankConfig":{"state":1,"settings":{"autoOrganizePrefix":2,"showEmptySections":false,"sortAlphabetically":false},"sections":[{"name":"S","isOpen":false,"type":"flow","flowConfig":{"snapToColumns":true,"columnsPerPage":3,"rowsPerPage":2,"gutterWidth":16,"boxWidth":460,"boxHeight":300},"sorted":0,"localPanelSettings":{"smoothingWeight":0,"smoothingType":"none","xAxis":"_step","ignoreOutliers":false,"useRunsTableGroupingInPanels":true,"smoothingActive":false,"xAxisActive":false},"panels":[{"__id__":"2abeauf2t18","layout":{"x":0,"y":0,"w":8,"h":6},"viewType":"Run History Line Plot","config":{"xAxis":"_step","metrics":["val_loss"]}}],"pinned":false}]},"panelBankSectionConfig":{"name":"Report Panels","isOpen":false,"panels":[],"type":"grid","flowConfig":{"snapToColumns":true,"columnsPerPage":3,"rowsPerPage":2,"gutterWidth":16,"boxWidth":460,"boxHeight":300},"sorted":0,"localPanelSettings":{"smoothingWeight":0,"smoothingType":"exponential","xAxis":"_step","ignoreOutliers":false,"useRunsTableGroupingInPanels":true,"smoothingActive":true,"xAxisActive":false},"pinned":false},"customRunColors":{},"name":"","runSets":[{"id":"","runFeed":{"version":2,"columnVisible":{},"columnPinned":{},"columnWidths":{},"columnOrder":[],"pageSize":10,"onlyShowSelected":false},"enabled":true,"name":"Run set","search":{"query":""},"filters":{"filterFormat":"filterV2","filters":[]},"grouping":[],"sort":{"keys":[{"key":{"section":"run","name":"createdAt"},"ascending":false}]},"selections":{"root":1,"bounds":[],"tree":[]},"expandedRowAddresses":[]}],"settings":{"smoothingWeight":0,"smoothingType":"none","xAxis":"_step","ignoreOutliers":false,"useRunsTableGroupingInPanels":true,"maxRuns":10,"pointVisualizationMethod":"bucketing-gorilla","tooltipNumberOfRuns":"default","shouldAutoGeneratePanels":false,"smoothingActive":false,"xAxisActive":false},"openRunSet":0,"openViz":true},"vizExpanded":false,"libraryExpanded":true}'
