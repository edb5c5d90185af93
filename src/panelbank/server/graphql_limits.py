"""Limits on what one GraphQL request may cost: validation rules and a time limit.

* :func:`limit_rules` are graphql-core validation rules, run with the standard ones by
  ``validate``: a document nesting fields deeper than ``graphql_max_depth``, or costing
  more than ``graphql_max_cost``, is refused before anything runs. The cost counts every
  field the document would resolve, aliases and fragment spreads included, with the
  fields under a list of objects (``edges``, ``features``) counted :data:`LIST_SIZE`
  times (once under the short lists of :data:`_SHORT_LISTS`), and fields holding whole
  JSON documents (``View.spec``, ``Run.config``) :data:`BLOB_COST` each. It depends on
  the document only, so a valid document can be cached by its text.
* :class:`Deadline` is execution middleware: once a request has run for
  ``graphql_time_limit`` seconds, every field not yet resolved fails with a
  ``TIME_LIMIT`` error, so the execution ends within one resolver call.

The parser's own token limit (``graphql_max_tokens``) bounds the work before these run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    is_list_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef

__all__ = ["LIST_SIZE", "Deadline", "TimeLimitExceeded", "document_cost", "limit_rules"]

#: how many items a list of objects is counted as (the clients ask for pages of 50 or
#: fewer runs, and a project's views are rarely more)
LIST_SIZE = 10

#: fields that answer whole JSON documents (a view's spec, a run's config or history)
#: count as this many fields
BLOB_COST = 10
_BLOBS = frozenset(
    {
        ("View", "spec"),
        ("Run", "config"),
        ("Run", "summaryMetrics"),
        ("Run", "systemMetrics"),
        ("Run", "history"),
        ("Run", "sampledHistory"),
        ("Run", "events"),
    }
)

#: lists that hold a handful of items per parent (an artifact's aliases and tags), so
#: counted once: the SDK asks for them under every version of a page of versions
_SHORT_LISTS = frozenset(
    {
        ("Artifact", "aliases"),
        ("Artifact", "tags"),
        ("ArtifactCollectionMembership", "aliases"),
    }
)


class _Walker:
    """Cost and depth of selection sets, each fragment walked once."""

    def __init__(self, context: ValidationContext) -> None:
        self.context = context
        self.fragments: dict[str, tuple[int, int]] = {}
        self.visiting: set[str] = set()

    def selections(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None
    ) -> tuple[int, int]:
        """(cost, depth) of a selection set under ``parent``."""
        if selection_set is None:
            return 0, 0
        cost = depth = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                field_cost, field_depth = self.field(node, parent)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                inner = self.context.schema.get_type(condition.name.value) if condition else parent
                field_cost, field_depth = self.selections(node.selection_set, inner)
            elif isinstance(node, FragmentSpreadNode):
                field_cost, field_depth = self.fragment(node.name.value)
            else:  # pragma: no cover - the three kinds of selection
                continue
            cost += field_cost
            depth = max(depth, field_depth)
        return cost, depth

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> tuple[int, int]:
        name = node.name.value
        definition: Any = None
        if name == "__schema":
            definition = SchemaMetaFieldDef
        elif name == "__type":
            definition = TypeMetaFieldDef
        elif isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(name)
        if definition is None or node.selection_set is None:
            # a leaf, __typename, or an unknown field (another rule reports it)
            blob = parent is not None and (parent.name, name) in _BLOBS
            return (BLOB_COST if blob else 1), 1
        field_type = definition.type
        if isinstance(field_type, GraphQLNonNull):
            field_type = field_type.of_type
        short = parent is not None and (parent.name, name) in _SHORT_LISTS
        times = LIST_SIZE if is_list_type(field_type) and not short else 1
        cost, depth = self.selections(node.selection_set, get_named_type(field_type))
        return 1 + times * cost, 1 + depth

    def fragment(self, name: str) -> tuple[int, int]:
        if name in self.fragments:
            return self.fragments[name]
        definition = self.context.get_fragment(name)
        if definition is None or name in self.visiting:
            return 0, 0  # unknown or cyclic: other rules report those
        self.visiting.add(name)
        condition = self.context.schema.get_type(definition.type_condition.name.value)
        result = self.selections(definition.selection_set, condition)
        self.visiting.discard(name)
        self.fragments[name] = result
        return result


def _root_type(context: ValidationContext, node: OperationDefinitionNode) -> Any:
    schema = context.schema
    return {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[node.operation]


def document_cost(context: ValidationContext, node: OperationDefinitionNode) -> tuple[int, int]:
    """(cost, depth) of one operation of the document being validated."""
    return _Walker(context).selections(node.selection_set, _root_type(context, node))


def limit_rules(max_depth: int, max_cost: int) -> list[type[ASTValidationRule]]:
    """Validation rules refusing an operation deeper than ``max_depth`` fields or costing
    more than ``max_cost``."""

    class OperationLimits(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> Any:
            cost, depth = document_cost(self.context, node)
            name = f"Operation {node.name.value!r}" if node.name else "The operation"
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"{name} nests fields {depth} deep; this server allows {max_depth} "
                        "(PANELBANK_GRAPHQL_MAX_DEPTH). Ask for less at once: fetch nested "
                        "objects in a second request.",
                        node,
                        extensions={"code": "QUERY_TOO_DEEP", "depth": depth, "max": max_depth},
                    )
                )
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"{name} costs {cost}; this server allows {max_cost} "
                        f"(PANELBANK_GRAPHQL_MAX_COST). The cost counts each field the document "
                        f"selects, aliases included, and fields under a list {LIST_SIZE} times: "
                        "select fewer fields or aliases, or split the request.",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "max": max_cost},
                    )
                )
            return self.SKIP  # the walk above has seen the whole operation

    return [OperationLimits]


class TimeLimitExceeded(GraphQLError):
    """Raised for every field resolved after the request's time limit."""


class Deadline:
    """Execution middleware failing each field resolved after ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def resolve(
        self, next_: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], **args: Any
    ) -> Any:
        if time.monotonic() > self.until:
            raise TimeLimitExceeded(
                f"The request ran longer than {self.seconds:g} s, this server's limit "
                "(PANELBANK_GRAPHQL_TIME_LIMIT); ask for fewer objects at once.",
                extensions={"code": "TIME_LIMIT"},
            )
        return next_(root, info, **args)
