"""Type stubs of the native module (crates/python/src); the docstrings are in the module."""

import os
import pathlib
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

__version__: str
SCHEMA_VERSION: int

class Edit:
    """One change: ``text[start:end]`` of the input (code points), which read ``before``,
    became ``after``."""

    def __init__(self, start: int, end: int, before: str, after: str, kind: str, confidence: float) -> None: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def before(self) -> str: ...
    @property
    def after(self) -> str: ...
    @property
    def kind(self) -> str:
        """``"char"``, ``"zwnj"``, ``"space"`` or ``"spelling"``."""
    @property
    def confidence(self) -> float: ...
    def to_dict(self) -> Dict[str, Any]: ...

class Flag:
    """A word the spelling stage flagged and left as it is."""

    def __init__(self, start: int, end: int, word: str, kind: str, suggestions: List[Tuple[str, float]]) -> None: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def word(self) -> str: ...
    @property
    def kind(self) -> str:
        """``"misspelled"`` or ``"unknown"``."""
    @property
    def suggestions(self) -> List[Tuple[str, float]]: ...

class Restored:
    """The restored ``text``, the ``edits`` that made it and the spelling ``flags``."""

    def __init__(self, text: str, edits: List[Edit], flags: List[Flag] = ...) -> None: ...
    @property
    def text(self) -> str: ...
    @property
    def edits(self) -> List[Edit]: ...
    @property
    def flags(self) -> List[Flag]: ...

class ArrowArray:
    """An Arrow array made by bayegan; ``pyarrow.array(a)`` takes it without copying."""

    def __arrow_c_array__(self, requested_schema: Optional[object] = None) -> Tuple[object, object]: ...
    def __len__(self) -> int: ...

def fix(
    text: str, *, digits: str = "keep", diacritics: str = "keep", spacing: bool = True, spelling: str = "off"
) -> str: ...
def restore(
    text: str, *, digits: str = "keep", diacritics: str = "keep", spacing: bool = True, spelling: str = "off"
) -> Restored: ...
def fix_batch(
    texts: Sequence[str],
    *,
    digits: str = "keep",
    diacritics: str = "keep",
    spacing: bool = True,
    spelling: str = "off",
) -> List[str]: ...
def parse(page_text: str, *, source: str = "-", raw: bool = False) -> Dict[str, Any]: ...
def page_schema() -> Dict[str, Any]: ...
def fix_arrow(
    array: Any,
    *,
    digits: str = "keep",
    diacritics: str = "keep",
    spacing: bool = True,
    spelling: str = "off",
    parallel: bool = True,
) -> ArrowArray: ...
def restore_arrow(
    array: Any,
    *,
    digits: str = "keep",
    diacritics: str = "keep",
    spacing: bool = True,
    spelling: str = "off",
    parallel: bool = True,
) -> ArrowArray: ...
def parse_arrow(
    array: Any,
    *,
    sources: Any = None,
    raw: bool = False,
    output: str = "page",
    errors: str = "raise",
    parallel: bool = True,
) -> ArrowArray: ...

_Path = Union[str, "os.PathLike[str]"]

class Archive:
    """An archive of articles on disk (``bayegan ingest --archive PATH``)."""

    def __init__(self, path: _Path, *, create: bool = True) -> None: ...
    @property
    def path(self) -> "pathlib.Path": ...
    def __len__(self) -> int: ...
    def ingest(self, paths: Union[_Path, Sequence[_Path]], *, lossy: bool = False) -> Dict[str, int]: ...
    def ingest_articles(
        self, articles: Iterable[Union[Dict[str, Any], str]], *, source: str = "<python>"
    ) -> Dict[str, int]: ...
    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        date_from: Optional[str] = None,
        date_to: Optional[str] = None,
        newspaper: Optional[str] = None,
        section: Optional[str] = None,
        sort: str = "relevance",
    ) -> Dict[str, Any]: ...
    def get(self, id: str) -> Optional[Dict[str, Any]]: ...
