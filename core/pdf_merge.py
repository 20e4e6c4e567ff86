"""One tagged PDF from several that core.pdf rendered, their structure kept.

pypdf appends pages but not what makes a PDF tagged: it leaves the catalog's structure tree behind
and drops each page's ``/StructParents``, so a merged book would read as untagged. ``merge_tagged``
appends each part with pypdf, then gives the result one structure tree: a Document whose children
are the parts' Documents, each retitled Part, with the parts' parent trees renumbered one after the
other; the catalog keeps the first part's language, XMP metadata (its title and PDF/UA
identification) and marked-content flag.
"""

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject


def merge_tagged(parts, out) -> int:
    """Write the PDFs of ``parts`` (pairs of a file, path or stream, and its bookmark title or None)
    to the binary file ``out`` as one tagged PDF; returns its number of pages."""
    writer = PdfWriter()
    document = DictionaryObject(
        {NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document")}
    )
    document_reference = writer._add_object(document)
    children, numbers, next_key = ArrayObject(), ArrayObject(), 0
    first = None
    for source, title in parts:
        reader = PdfReader(source)
        first = reader if first is None else first
        start = len(writer.pages)
        writer.append(reader, outline_item=title)
        tree = reader.root_object.get("/StructTreeRoot")
        if tree is None:
            raise ValueError("a part of a tagged PDF is not tagged")
        next_key = _graft(writer, reader, tree.get_object(), start, document_reference, children, numbers, next_key)
    document[NameObject("/K")] = children
    root = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructTreeRoot"),
            NameObject("/K"): ArrayObject([document_reference]),
            NameObject("/ParentTree"): writer._add_object(DictionaryObject({NameObject("/Nums"): numbers})),
            NameObject("/ParentTreeNextKey"): NumberObject(next_key),
        }
    )
    document[NameObject("/P")] = writer._add_object(root)
    _catalog(writer, first, root)
    writer.write(out)
    return len(writer.pages)


def _graft(writer, reader, tree, start, document_reference, children, numbers, offset) -> int:
    """Clone the part's structure under ``document_reference`` and its parent tree at ``offset``;
    returns the next free key of the merged parent tree."""
    for element_reference in _as_list(tree["/K"]):
        element = element_reference.get_object()
        del element["/P"]  # the clone must not follow it up to the part's own tree root
        if element.get("/S") == "/Document":
            element[NameObject("/S")] = NameObject("/Part")
        clone = element_reference.clone(writer)
        clone.get_object()[NameObject("/P")] = document_reference
        children.append(clone)
    keys = []
    for key, value in _number_tree(tree["/ParentTree"].get_object()):
        numbers += [NumberObject(offset + key), value.clone(writer)]
        keys.append(key)
    for number, page in enumerate(reader.pages):
        if "/StructParents" in page:
            writer.pages[start + number][NameObject("/StructParents")] = NumberObject(offset + page["/StructParents"])
    return offset + max(keys, default=-1) + 1


def _number_tree(node):
    """The (key, value) pairs of a PDF number tree, in order."""
    pairs = list(node.get("/Nums", []))
    yield from zip(pairs[::2], pairs[1::2], strict=True)
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid.get_object())


def _as_list(value):
    return list(value) if isinstance(value, ArrayObject) else [value]


def _catalog(writer, first, root) -> None:
    catalog = writer.root_object
    catalog[NameObject("/StructTreeRoot")] = root.indirect_reference
    source = first.root_object
    for key in ("/MarkInfo", "/Lang", "/ViewerPreferences", "/Metadata"):
        if key in source:
            catalog[NameObject(key)] = source[key].clone(writer)
