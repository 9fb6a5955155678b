"""Write stage, ``--download``: fetch uploads that are not on disk from the old site.

Polite by construction: the pipeline calls it from the main process only, so there is never
more than one request at a time; each request has a timeout; network errors, timeouts, 429
and 5xx answers are retried with exponential backoff; other answers (404...) are final. A
failure never stops the run: it is remembered (no second request for the same URL) and the
reference keeps its old URL. Files land in a cache folder (``SITE/.wpmigrate/downloads``)
laid out like ``wp-content/uploads``, so a rerun does not fetch them again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.error import HTTPError, URLError

from wpmigrate import __version__
from wpmigrate.errors import OutputError
from wpmigrate.write.atomic import atomic_write, inside
from wpmigrate.write.media import Fetch

USER_AGENT = f"wpmigrate/{__version__} (site migration; one request at a time)"
#: Largest file fetched: a migration is not the place to pull multi-gigabyte videos.
MAX_BYTES = 512 * 1024 * 1024

if TYPE_CHECKING:
    from urllib.request import Request

Opener = Callable[..., IO[bytes]]


def _urlopen(request: Request, timeout: float) -> IO[bytes]:
    import urllib.request  # only with --download: it pulls in http.client and ssl

    response: IO[bytes] = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310
    return response


@dataclass
class Downloader:
    """Fetches :class:`Fetch` requests into ``folder``; see the module doc."""

    folder: Path
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    opener: Opener = _urlopen
    sleep: Callable[[float], None] = time.sleep
    failed: dict[str, str] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)

    def get(self, fetch: Fetch) -> bool:
        """Make ``fetch.rel`` exist in the folder; True when it does (fetched now or before)."""
        try:
            target = inside(self.folder, fetch.rel)
        except OutputError as exc:
            self.failed[fetch.url] = str(exc)
            return False
        if target.is_file():
            return True
        if fetch.url in self.failed or not fetch.url.startswith(("http://", "https://")):
            self.failed.setdefault(fetch.url, "not an http(s) URL")
            return False
        data = self._download(fetch.url)
        if data is None:
            return False
        atomic_write(target, data)
        self.fetched.append(fetch.url)
        return True

    def _download(self, url: str) -> bytes | None:
        from urllib.request import Request

        request = Request(url, headers={"User-Agent": USER_AGENT})
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                with self.opener(request, timeout=self.timeout) as response:
                    data = response.read(MAX_BYTES + 1)
            except HTTPError as exc:
                self.failed[url] = f"HTTP {exc.code}"
                if exc.code != 429 and exc.code < 500:
                    return None  # 404 and the like will not change on a retry
                continue
            except (URLError, OSError, ValueError) as exc:
                self.failed[url] = f"{type(exc).__name__}: {exc}"
                continue
            if len(data) > MAX_BYTES:
                self.failed[url] = f"larger than {MAX_BYTES} bytes"
                return None
            self.failed.pop(url, None)
            return data
        return None
