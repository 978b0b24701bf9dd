"""The lineage picture: who adopted whose variant, at which version, and who is behind.

Laid out here, drawn as inline SVG by ``catalog/_lineage.html`` (server-side, no script,
every text through the template's autoescape). One graph per app:

- a node per published variant (region, name, newest version) and per region that runs an
  adopted configuration without publishing its own;
- an edge per adoption, from the upstream variant to the adopter, labelled with the version
  it runs (a variant whose adoption was replaced keeps a dashed edge to what it grew from);
- an adopter shows "behind by N versions" when its upstream has N newer versions it may see
  (``visibility.version_reaches``), and a notice when newer ones are out of its reach.

Columns are the depth in the lineage (Semarang → Kendal → Demak, left to right).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse

from kotacerdas.catalog import semver
from kotacerdas.catalog.models import Lineage, Variant, VariantVersion
from kotacerdas.catalog.services.visibility import AgreementBook, today, version_reaches
from kotacerdas.contract import SmartCityApp, get_app
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope

PUBLIC = Scope.public()
WIDTH, HEIGHT = 230, 78  # a node (the same numbers are in _lineage.html)
GAP_X, GAP_Y, MARGIN = 80, 20, 12
LABEL = 30  # characters of a line before it is cut


def _cut(text: str, size: int = LABEL) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _key(version: VariantVersion | None) -> tuple[int, int, int, int, str] | None:
    if version is None or not semver.is_valid(version.version):
        return None
    return semver.parse(version.version)


@dataclass
class Node:
    id: str
    region: Region
    variant: Variant | None = None  # the variant this node is (None: an adopter only)
    latest: VariantVersion | None = None  # the variant's newest version
    runs: VariantVersion | None = None  # the upstream version the region runs
    behind: int = 0  # newer upstream versions it may see
    out_of_reach: int = 0  # newer upstream versions it may not see (agreement ended)
    ended_on: dt.date | None = None
    current: bool = False
    depth: int = 0
    x: int = 0
    y: int = 0

    @property
    def url(self) -> str:
        return reverse("catalog:variant", args=[self.variant.pk]) if self.variant else ""

    @property
    def title(self) -> str:
        return _cut(self.region.name)

    @property
    def name(self) -> str:
        if self.variant is not None:
            return _cut(self.variant.name)
        return _cut(self.runs.variant.name, LABEL - 6) if self.runs else ""  # after "runs"

    @property
    def full_name(self) -> str:
        return self.variant.name if self.variant is not None else ""

    @property
    def version(self) -> str:
        version = self.latest if self.variant is not None else self.runs
        return version.version if version is not None else ""

    @property
    def cx(self) -> int:
        return self.x + WIDTH // 2


@dataclass
class Edge:
    source: Node
    target: Node
    version: str  # the upstream version adopted
    derived_only: bool = False  # grew from it once; no longer runs it

    @property
    def start(self) -> tuple[int, int]:
        return self.source.x + WIDTH, self.source.y + HEIGHT // 2

    @property
    def end(self) -> tuple[int, int]:
        return self.target.x, self.target.y + HEIGHT // 2

    @property
    def path(self) -> str:
        (x1, y1), (x2, y2) = self.start, self.end
        bend = max(30, (x2 - x1) // 2)
        return f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2 - 7},{y2}"

    @property
    def arrow(self) -> str:
        x, y = self.end
        return f"{x - 9},{y - 5} {x},{y} {x - 9},{y + 5}"

    @property
    def label_x(self) -> int:
        return (self.start[0] + self.end[0]) // 2

    @property
    def label_y(self) -> int:
        return (self.start[1] + self.end[1]) // 2 - 6


@dataclass
class Graph:
    app_key: str
    app: SmartCityApp | None
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = 0
    height: int = 0

    @property
    def dom_id(self) -> str:
        return f"lineage-{self.app_key}"

    def edge_pairs(self) -> set[tuple[str, str]]:
        """(upstream region slug, adopter region slug) of every edge: for tests and captions."""
        return {(e.source.region.slug, e.target.region.slug) for e in self.edges}


def _layout(graph: Graph) -> None:
    incoming: dict[str, list[Node]] = defaultdict(list)
    for edge in graph.edges:
        incoming[edge.target.id].append(edge.source)

    def depth(node: Node, seen: frozenset[str]) -> int:
        parents = [p for p in incoming[node.id] if p.id not in seen]
        if not parents:
            return 0
        return 1 + max(depth(p, seen | {node.id}) for p in parents)

    columns: dict[int, list[Node]] = defaultdict(list)
    for node in graph.nodes:
        node.depth = depth(node, frozenset())
        columns[node.depth].append(node)
    rows = 0
    for column, nodes in columns.items():
        nodes.sort(key=lambda n: (n.region.code, n.id))
        for row, node in enumerate(nodes):
            node.x = MARGIN + column * (WIDTH + GAP_X)
            node.y = MARGIN + row * (HEIGHT + GAP_Y)
        rows = max(rows, len(nodes))
    graph.nodes.sort(key=lambda n: (n.depth, n.region.code, n.id))
    cols = max(columns, default=-1) + 1
    graph.width = 2 * MARGIN + cols * WIDTH + max(cols - 1, 0) * GAP_X
    graph.height = 2 * MARGIN + rows * HEIGHT + max(rows - 1, 0) * GAP_Y


def lineage_graphs(
    app_keys: Iterable[str] | None = None,
    regions: Iterable[Region] | None = None,
    current: Variant | None = None,
) -> list[Graph]:
    """One graph per app that has a published variant; ``regions`` keeps the nodes of those
    regions and the upstreams they adopted from; ``current`` is marked."""
    wanted = set(app_keys) if app_keys is not None else None
    within = {r.pk for r in regions} if regions is not None else None
    variants = [
        v
        for v in Variant.objects.scoped(PUBLIC).select_related("region")
        if wanted is None or v.app_key in wanted
    ]
    by_id = {v.pk: v for v in variants}
    versions: dict[int, list[VariantVersion]] = defaultdict(list)
    version_by_id: dict[int, VariantVersion] = {}
    for row in VariantVersion.objects.scoped(PUBLIC).defer("config", "logo"):
        if row.variant_id in by_id:
            row.variant = by_id[row.variant_id]
            versions[row.variant_id].append(row)
            version_by_id[row.pk] = row
    lineages = [
        row
        for row in Lineage.objects.scoped(PUBLIC).select_related("region").defer("base_config")
        if row.upstream_id in version_by_id
    ]
    book = AgreementBook()
    on = today()
    graphs: dict[str, Graph] = {}
    nodes: dict[str, Node] = {}
    own: dict[tuple[int, str], Node] = {}  # (region, app) -> the region's own variant node

    def graph_of(app_key: str) -> Graph:
        if app_key not in graphs:
            graphs[app_key] = Graph(app_key, get_app(app_key))
        return graphs[app_key]

    for variant in variants:
        ordered = sorted(
            (v for v in versions[variant.pk] if _key(v) is not None),
            key=lambda v: _key(v) or semver.BROKEN,
        )
        node = Node(
            f"v{variant.pk}",
            variant.region,
            variant=variant,
            latest=ordered[-1] if ordered else None,
            current=current is not None and current.pk == variant.pk,
        )
        nodes[node.id] = node
        graph_of(variant.app_key)
        if not getattr(variant, "imported_from_code", ""):
            own[(variant.region_id, variant.app_key)] = node
    edges: dict[str, list[Edge]] = defaultdict(list)
    for lineage in lineages:
        upstream = version_by_id[lineage.upstream_id]
        target = own.get((lineage.region_id, lineage.app_key))
        if target is None:
            target = Node(f"r{lineage.region_id}-{lineage.app_key}", lineage.region)
            nodes[target.id] = target
        target.runs = upstream
        current_key = _key(upstream)
        if current_key is not None:
            newer = [
                v for v in versions[upstream.variant_id] if (_key(v) or semver.BROKEN) > current_key
            ]
            reach = [v for v in newer if version_reaches(v, lineage.region, book, on)]
            target.behind = len(reach)
            target.out_of_reach = len(newer) - len(reach)
            if target.out_of_reach:
                rows = book.between(upstream.variant.region_id, lineage.region_id, lineage.app_key)
                ends = [a.valid_until for a in rows if a.valid_until is not None]
                target.ended_on = max(ends) if ends else None
        source = nodes[f"v{upstream.variant_id}"]
        edges[lineage.app_key].append(Edge(source, target, upstream.version))
    adopted = {e.target.id for rows in edges.values() for e in rows}
    for variant in variants:
        derived = version_by_id.get(variant.derived_from_id or 0)
        target = nodes[f"v{variant.pk}"]
        if derived is None or target.id in adopted:
            continue  # runs an upstream now: that edge tells the story
        source = nodes[f"v{derived.variant_id}"]
        edges[variant.app_key].append(Edge(source, target, derived.version, derived_only=True))
    result = []
    for app_key, graph in sorted(graphs.items()):
        members = {
            n.id: n
            for n in nodes.values()
            if (n.variant.app_key if n.variant else n.runs and n.runs.variant.app_key) == app_key
        }
        graph.edges = [e for e in edges[app_key] if e.source.id in members]
        if within is not None:
            keep = {n.id for n in members.values() if n.region.pk in within}
            keep |= {e.source.id for e in graph.edges if e.target.id in keep}
            members = {k: n for k, n in members.items() if k in keep}
            graph.edges = [
                e for e in graph.edges if e.source.id in members and e.target.id in members
            ]
            if not any(n.region.pk in within for n in members.values()):
                continue
        graph.nodes = list(members.values())
        _layout(graph)
        result.append(graph)
    return result
