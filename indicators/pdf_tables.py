"""A table that breaks across pages is one table in the tagged PDF.

WeasyPrint builds the structure tree page by page (Kozea/WeasyPrint#2903): a table drawn
on four pages becomes four /Table elements that each repeat the header, and a row broken
by a page break becomes two rows. A screen reader then announces four tables and rows
that are not in the data. ``join_split_tables`` rewrites the tagged PDF after WeasyPrint
has written it:

- every later fragment of a table moves into its first fragment, rows into the same row
  group (TBody) they belong to in the HTML;
- the two halves of a broken row become one row: each cell takes in the rest of its
  content from the next page;
- the header rows WeasyPrint draws again on each page are marked as pagination artifacts
  in the page content and leave the structure tree, so the joined table has one header;
  the data cells of later pages point at that header (/Headers).

Which fragments belong together is read from WeasyPrint's layout, where each fragment of
a table, row group, row and cell keeps its HTML element; nothing is guessed from text.
Where the layout and the structure tree do not line up as expected, the PDF stays as
WeasyPrint wrote it and a warning is logged. The ParentTree (marked content back to its
structure element) is kept consistent with every move.
"""

import io
import logging
from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder

logger = logging.getLogger(__name__)

ROW_GROUPS = ("/THead", "/TBody", "/TFoot")
CELLS = ("/TH", "/TD")


@dataclass
class RowLayout:
    element: object
    cells: list


@dataclass
class GroupLayout:
    element: object
    # A header (or footer) group: WeasyPrint draws it again on each page of the table.
    repeated: bool
    rows: list


@dataclass
class TableLayout:
    element: object
    groups: list


def table_layout(document):
    """For each page of a rendered WeasyPrint document, the tables on it in the order
    its tag tree lists them, each with its row groups, rows and cells as HTML elements."""
    return [
        [_table_box_layout(box) for box in _tagged_boxes(page._page_box) if isinstance(box, boxes.TableBox)]
        for page in document.pages
    ]


def _tagged_boxes(box):
    # Walks the boxes as weasyprint.pdf.tags does: margin boxes stay out of the structure
    # tree, and an absolutely positioned box is tagged where its placeholder is.
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    if isinstance(box, boxes.MarginBox):
        return
    yield box
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _tagged_boxes(child)


def _table_box_layout(table):
    return TableLayout(
        table.element,
        [
            GroupLayout(
                group.element,
                group.is_header or group.is_footer,
                [RowLayout(row.element, [cell.element for cell in row.children]) for row in group.children],
            )
            for group in table.children
        ],
    )


class _Mismatch(Exception):
    """The structure tree is not shaped the way the layout says; nothing is changed."""


def join_split_tables(pdf_bytes, layout):
    """``pdf_bytes`` with each table that WeasyPrint tagged once per page joined into one
    /Table; ``layout`` is ``table_layout`` of the document the PDF was written from.
    An untagged PDF, or one without a table across pages, comes back unchanged."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return pdf_bytes
        try:
            joined = _TableJoiner(pdf).join(layout)
        except _Mismatch as problem:
            logger.warning("Tabeller over flere sider er ikke samlet i PDF'ens struktur: %s", problem)
            return pdf_bytes
        if not joined:
            return pdf_bytes
        output = io.BytesIO()
        pdf.save(output)
        return output.getvalue()


def _kids(element):
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_struct_element(kid):
    # The other dictionaries in /K are marked-content (MCR) and object (OBJR) references.
    return isinstance(kid, pikepdf.Dictionary) and "/S" in kid


def _struct_kids(element):
    return [kid for kid in _kids(element) if _is_struct_element(kid)]


def _append(parent, kid):
    parent.K = pikepdf.Array([*_kids(parent), kid])
    if _is_struct_element(kid):
        kid.P = parent


def _detach(element):
    """Takes ``element`` out of its parent, and the parent out of its own when that
    leaves it empty (the per-page section a table fragment was alone in)."""
    parent = element.P
    parent.K = pikepdf.Array([kid for kid in _kids(parent) if not _same(kid, element)])
    if not _kids(parent) and parent.get("/Type") == "/StructElem":
        _detach(parent)


def _same(a, b):
    return isinstance(a, pikepdf.Object) and a.is_indirect and a.objgen == b.objgen


@dataclass
class _Row:
    element: object
    struct: pikepdf.Dictionary
    cells: dict  # cell element -> TH/TD

    @classmethod
    def of(cls, row_struct, row, cells):
        return cls(row.element, row_struct, {cell: cell_struct for cell_struct, cell in cells})


@dataclass
class _JoinedTable:
    """The first fragment of a table, which the later fragments move into."""

    struct: pikepdf.Dictionary
    groups: dict = field(default_factory=dict)  # row group element -> THead/TBody/TFoot
    last_rows: dict = field(default_factory=dict)  # row group element -> _Row
    header_ids: dict = field(default_factory=dict)  # header cell element -> its /ID


class _TableJoiner:
    def __init__(self, pdf):
        self.pdf = pdf
        self.page_index = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        parent_tree = pdf.Root.StructTreeRoot.ParentTree
        if "/Nums" not in parent_tree or "/Kids" in parent_tree:
            raise _Mismatch("ParentTree er ikke en flad talliste")
        nums = parent_tree.Nums
        self.parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        self.artifacts = defaultdict(set)  # page number -> MCIDs of repeated header rows

    def join(self, layout):
        """Joins every table's fragments; True when at least one table was joined."""
        struct_pages = self._tables_by_page()
        if len(struct_pages) != len(layout):
            raise _Mismatch("sidetal")
        joined_tables, joined = {}, False
        for number, (struct_tables, layout_tables) in enumerate(
            zip(struct_pages, layout, strict=True), start=1
        ):
            if len(struct_tables) != len(layout_tables):
                raise _Mismatch(
                    f"side {number}: {len(struct_tables)} tabeller i strukturen, {len(layout_tables)} i layout"
                )
            for struct_table, table in zip(struct_tables, layout_tables, strict=True):
                groups, captions = _pair(struct_table, table, number)
                first = joined_tables.get(table.element)
                if first is None:
                    joined_tables[table.element] = first = _JoinedTable(struct_table)
                    for group_struct, group, rows in groups:
                        self._take_group(first, group_struct, group, rows)
                    continue
                self._absorb(first, struct_table, groups, captions)
                joined = True
        self._mark_artifacts()
        return joined

    def _tables_by_page(self):
        pages = [[] for _ in self.pdf.pages]

        def collect(element):
            for kid in _struct_kids(element):
                if kid.S == "/Table":
                    if "/Pg" not in kid or kid.Pg.objgen not in self.page_index:
                        raise _Mismatch("en tabel uden side")
                    pages[self.page_index[kid.Pg.objgen]].append(kid)
                collect(kid)

        collect(self.pdf.Root.StructTreeRoot)
        return pages

    def _absorb(self, first, fragment, groups, captions):
        # The header repeated on this page: its cells' IDs stand for the first header's.
        header_ids = {}
        for group_struct, group, rows in groups:
            if group.repeated and group.element in first.groups:
                for _row_struct, _row, cells in rows:
                    for cell_struct, cell in cells:
                        if "/ID" in cell_struct and cell in first.header_ids:
                            header_ids[str(cell_struct.ID)] = first.header_ids[cell]
                self._collect_artifacts(group_struct)
        for group_struct, group, rows in groups:
            if group.repeated and group.element in first.groups:
                continue
            _point_at_headers(group_struct, header_ids)
            if group.element in first.groups:
                self._take_rows(first, group.element, rows)
            else:
                # A row group that begins on this page.
                _append(first.struct, group_struct)
                self._take_group(first, group_struct, group, rows)
        for caption in captions:
            _append(first.struct, caption)
        _detach(fragment)

    def _take_group(self, first, group_struct, group, rows):
        first.groups[group.element] = group_struct
        for row_struct, row, cells in rows:
            first.last_rows[group.element] = _Row.of(row_struct, row, cells)
            if group.repeated:
                first.header_ids.update({cell: str(struct.ID) for struct, cell in cells if "/ID" in struct})

    def _take_rows(self, first, group_element, rows):
        for row_struct, row, cells in rows:
            last = first.last_rows.get(group_element)
            if last is not None and last.element is row.element:
                # The rest of a row that the page break cut through.
                self._join_row(last, cells)
            else:
                _append(first.groups[group_element], row_struct)
                first.last_rows[group_element] = _Row.of(row_struct, row, cells)

    def _join_row(self, row, cells):
        for cell_struct, cell in cells:
            earlier = row.cells.get(cell)
            if earlier is None:
                _append(row.struct, cell_struct)
                row.cells[cell] = cell_struct
                continue
            for kid in _kids(cell_struct):
                self._adopt(earlier, kid, cell_struct)

    def _adopt(self, parent, kid, owner):
        """Moves ``kid`` from ``owner`` to ``parent``, so that marked content and link
        annotations it holds point at their new structure element."""
        if _is_struct_element(kid):
            _append(parent, kid)
            return
        if isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid:
            _append(parent, kid)
            self._repoint(int(kid.Obj.StructParent), None, owner, parent)
            return
        if isinstance(kid, pikepdf.Dictionary):
            page, mcid = kid.get("/Pg", owner.get("/Pg")), int(kid.MCID)
        else:
            # A bare MCID is on the owner's page; under its new parent it needs its own.
            page, mcid = owner.Pg, int(kid)
            kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=page, MCID=mcid)
        _append(parent, kid)
        self._repoint(self._parent_tree_key(page), mcid, owner, parent)

    def _parent_tree_key(self, page):
        return int(self.pdf.pages[self.page_index[page.objgen]].obj.StructParents)

    def _repoint(self, key, mcid, owner, parent):
        entry = self.parent_tree.get(key)
        if entry is None:
            raise _Mismatch(f"ParentTree mangler nøgle {key}")
        if mcid is None:
            current = entry
        elif isinstance(entry, pikepdf.Array) and mcid < len(entry):
            current = entry[mcid]
        else:
            raise _Mismatch(f"ParentTree mangler MCID {mcid}")
        if not _same(current, owner):
            raise _Mismatch(f"ParentTree peger ikke på indholdets element ({key}, {mcid})")
        if mcid is None:
            self.pdf.Root.StructTreeRoot.ParentTree.Nums[self._nums_index(key) + 1] = parent
            self.parent_tree[key] = parent
        else:
            entry[mcid] = parent

    def _nums_index(self, key):
        nums = self.pdf.Root.StructTreeRoot.ParentTree.Nums
        return next(i for i in range(0, len(nums), 2) if int(nums[i]) == key)

    def _collect_artifacts(self, element):
        for kid in _kids(element):
            if _is_struct_element(kid):
                self._collect_artifacts(kid)
            elif isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid:
                raise _Mismatch("et link i en gentaget tabeloverskrift")
            elif isinstance(kid, pikepdf.Dictionary):
                page = kid.get("/Pg", element.get("/Pg"))
                self.artifacts[self.page_index[page.objgen]].add(int(kid.MCID))
            else:
                self.artifacts[self.page_index[element.Pg.objgen]].add(int(kid))

    def _mark_artifacts(self):
        for number, mcids in self.artifacts.items():
            page = self.pdf.pages[number]
            found = set()
            self._rewrite_marked_content(page, mcids, found, seen=set())
            if found != mcids:
                raise _Mismatch(f"side {number + 1}: MCID {sorted(mcids - found)} findes ikke i indholdet")
            entries = self.parent_tree[self._parent_tree_key(page.obj)]
            for mcid in mcids:
                # No structure element holds the content any more.
                entries[mcid] = None

    def _rewrite_marked_content(self, holder, mcids, found, seen):
        """Turns the marked content with these MCIDs into pagination artifacts, in the
        page's content and in the form XObjects it draws (WeasyPrint tags text inside
        those too, numbered as the page's)."""
        instructions, changed = [], False
        for instruction in pikepdf.parse_content_stream(holder):
            mcid = _marked_content_id(instruction)
            if mcid in mcids:
                found.add(mcid)
                artifact = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
                instruction, changed = pikepdf.ContentStreamInstruction(artifact, instruction.operator), True
            instructions.append(instruction)
        dictionary = holder.obj if isinstance(holder, pikepdf.Page) else holder
        if changed:
            content = pikepdf.unparse_content_stream(instructions)
            if isinstance(holder, pikepdf.Page):
                dictionary.Contents = self.pdf.make_stream(content)
            else:
                holder.write(content)
        xobjects = dictionary.get("/Resources", pikepdf.Dictionary()).get("/XObject", pikepdf.Dictionary())
        for name in list(xobjects.keys()):
            xobject = xobjects[name]
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                self._rewrite_marked_content(xobject, mcids, found, seen)


def _marked_content_id(instruction):
    """The MCID that a ``/Tag <</MCID n>> BDC`` instruction opens, else None."""
    if not isinstance(instruction, pikepdf.ContentStreamInstruction) or str(instruction.operator) != "BDC":
        return None
    properties = instruction.operands[-1]
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties.MCID)
    return None


def _pair(struct_table, table, page_number):
    """The row groups of a /Table element, each as (element, layout, rows), every row
    as (TR, layout, [(TH/TD, cell element)]), and its captions; _Mismatch when its
    shape differs from the layout's."""
    kids = _struct_kids(struct_table)
    captions = [kid for kid in kids if kid.S == "/Caption"]
    struct_groups = [kid for kid in kids if kid.S != "/Caption"]
    problem = f"side {page_number}: tabellens struktur svarer ikke til layoutet"
    if len(struct_groups) != len(table.groups) or any(g.S not in ROW_GROUPS for g in struct_groups):
        raise _Mismatch(problem)
    groups = []
    for group_struct, group in zip(struct_groups, table.groups, strict=True):
        struct_rows = _struct_kids(group_struct)
        if len(struct_rows) != len(group.rows) or any(r.S != "/TR" for r in struct_rows):
            raise _Mismatch(problem)
        rows = []
        for row_struct, row in zip(struct_rows, group.rows, strict=True):
            cells = _struct_kids(row_struct)
            if len(cells) != len(row.cells) or any(c.S not in CELLS for c in cells):
                raise _Mismatch(problem)
            rows.append((row_struct, row, list(zip(cells, row.cells, strict=True))))
        groups.append((group_struct, group, rows))
    return groups, captions


def _point_at_headers(element, header_ids):
    """Data cells of a later fragment name the header cells of the first one."""
    if not header_ids:
        return
    for kid in _struct_kids(element):
        attributes = kid.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(header_ids.get(str(header), str(header))) for header in attributes.Headers]
            )
        _point_at_headers(kid, header_ids)
