"""Report specs as the W&B app writes them: what no class models, for the round-trip tests."""

from __future__ import annotations

from typing import Any

EMPTY_P: dict[str, Any] = {"type": "paragraph", "children": [{"text": ""}]}


def runset(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "r1d",
        "runFeed": {
            "version": 2,
            "columnVisible": {"run:name": False, "summary:acc": True},
            "columnPinned": {"summary:acc": True},
            "columnWidths": {"summary:acc": 120},
            "columnOrder": ["summary:acc"],
            "pageSize": 25,
            "onlyShowSelected": True,
            "extraFeedKey": 1,
        },
        "enabled": True,
        "project": {"name": "proj", "entityName": "ent", "id": "UHJvamVjdDox"},
        "name": "Adam",
        "search": {"query": "bert", "isRegex": True},
        # A legacy filter tree with a disabled item: its string form cannot say "disabled".
        "filters": {
            "op": "OR",
            "filters": [
                {
                    "op": "AND",
                    "filters": [
                        {"key": {"section": "config", "name": "lr"}, "op": "=", "value": 0.1,
                         "disabled": True},
                        {"key": {"section": "run", "name": "state"}, "op": "=",
                         "value": "finished", "disabled": False},
                    ],
                }
            ],
        },
        "grouping": [{"section": "config", "name": "optimizer.value"}],
        "sort": {"keys": [{"key": {"section": "summary", "name": "acc"}, "ascending": True}]},
        "selections": {"root": 1, "bounds": [], "tree": ["run-a"]},
        "expandedRowAddresses": [],
        "appOnlyRunsetKey": {"x": 1},
    }  # fmt: skip
    data.update(extra)
    return data


def panel_grid() -> dict[str, Any]:
    lps = {"smoothingWeight": 0.5, "smoothingType": "gaussian", "xAxis": "_runtime"}
    line = {
        "__id__": "p1",
        "layout": {"x": 0, "y": 0, "w": 12, "h": 8},
        "viewType": "Run History Line Plot",
        "config": {"metrics": ["loss"], "xAxis": "_step", "appOnly": [1, 2]},
    }
    return {
        "type": "panel-grid",
        "children": [{"text": ""}],
        "metadata": {
            "openViz": True,
            "openRunSet": 0,
            "name": "unused-name",
            "runSets": [runset()],
            "hideRunSets": False,
            "panels": {
                "views": {"0": {"name": "Panels", "defaults": [], "config": []}},
                "tabs": ["0"],
            },
            "panelBankConfig": {
                "state": 1,
                "settings": {
                    "autoOrganizePrefix": 2,
                    "showEmptySections": False,
                    "sortAlphabetically": False,
                },
                "sections": [
                    {
                        "name": "Hidden Panels",
                        "isOpen": False,
                        "type": "flow",
                        "panels": [line],
                        "localPanelSettings": lps,
                    },
                    {"name": "Charts", "isOpen": True, "type": "grid", "panels": []},
                ],
                "panelConfigOverrides": {"p1": {"x": 1}},
            },
            "panelBankSectionConfig": {
                "name": "Report Panels",
                "isOpen": False,
                "panels": [line, {"__id__": "u1", "viewType": "Mystery Panel", "config": {}}],
                "type": "grid",
                "flowConfig": {"snapToColumns": True},
                "sorted": 0,
                "localPanelSettings": lps,
            },
            "customRunColors": {
                "run-a": "#ff0000",
                "run-b": "rgb(1, 2, 3)",
                "r1d-config:optimizer.value:adam": "#00ff00",
            },
            "panelSettingsFromApp": {"y": 2},
        },
    }


def app_spec() -> dict[str, Any]:
    """A report with what the app writes beyond the official client's model."""
    marked = [
        {"text": "plain "},
        {"text": "bold", "bold": True},
        {"text": " and "},
        {"text": "many", "italic": True, "underline": True, "strikethrough": True,
         "color": "#d00"},
        {"text": " ", "inlineComment_c1": {"refID": "c1", "threadID": "t1", "commentID": "m1"}},
        {"type": "link", "url": "https://example.com", "children": [{"text": "x", "bold": True}]},
        {"text": "code", "inlineCode": True, "italic": True},
        {"type": "mention", "userID": "u1", "children": [{"text": ""}]},
        {"text": ""},
    ]  # fmt: skip
    return {
        "version": 5,
        "panelSettings": {"xAxis": "_runtime", "smoothingWeight": 0.3},
        "blocks": [
            EMPTY_P,
            {"type": "heading", "level": 1, "children": [{"text": "Intro", "italic": True}],
             "collapsedChildren": [panel_grid(), {"type": "paragraph",
                                                  "children": [{"text": "inside"}]}]},
            {"type": "paragraph", "children": marked, "align": "center"},
            {"type": "list", "children": [
                {"type": "list-item", "children": [
                    {"type": "paragraph", "children": [{"text": "outer"}]},
                    {"type": "list", "children": [{"type": "list-item", "children": [
                        {"type": "paragraph", "children": [{"text": "nested"}]}]}]},
                ]},
            ]},
            {"type": "a-new-block", "children": [{"text": ""}], "payload": {"k": [1, 2]}},
            {"type": "code-block", "language": "rust",
             "children": [{"type": "code-line", "children": [{"text": "fn main() {}"}],
                           "language": "rust"}]},
            panel_grid(),
            {"type": "callout-block", "children": [
                {"type": "callout-line", "children": [{"text": "one"}]},
                {"type": "callout-line", "children": [{"text": "two"}]}]},
            EMPTY_P,
        ],
        "width": "fixed",
        "authors": [{"username": "ada", "name": "Ada"}],
        "discussionThreads": [{"id": "t1", "comments": [{"id": "m1", "body": "nice"}]}],
        "appOnlyTopLevel": True,
    }  # fmt: skip
