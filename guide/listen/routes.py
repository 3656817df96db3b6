"""The audio files: /audio/<name>.ogg (speech) and /audio/<name>.json (when each sentence is read), by the name
the page links to (a hash of the text, its language and the speed); /audio/recorded/<name>.<ext>, a partner's
recording (named by a hash of its bytes). The same for everybody and never changing
under one name, so browsers may keep them; nothing here knows who listens."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from guide.core.settings import get_settings
from guide.listen.audio import AUDIO_NAME, audio_dir
from guide.listen.recordings import MEDIA_TYPES as RECORDED_TYPES
from guide.listen.recordings import recordings_dir

router = APIRouter()
MEDIA_TYPES = {"ogg": "audio/ogg", "json": "application/json"}


@router.get("/audio/{name}", name="listen:audio")
def audio_file(name: str) -> FileResponse:
    stem, _dot, extension = name.partition(".")
    if not AUDIO_NAME.fullmatch(stem) or extension not in MEDIA_TYPES:
        raise HTTPException(404)
    path = audio_dir(get_settings()) / f"{stem}.{extension}"
    if not path.is_file():  # not made yet (`tensteps audio build`): the page's player says it has nothing to play
        raise HTTPException(404)
    return FileResponse(path, media_type=MEDIA_TYPES[extension],
                        headers={"cache-control": "public, max-age=31536000, immutable"})


@router.get("/audio/recorded/{name}", name="listen:recording")
def recording_file(name: str) -> FileResponse:
    stem, _dot, extension = name.partition(".")
    if not AUDIO_NAME.fullmatch(stem) or extension not in RECORDED_TYPES:
        raise HTTPException(404)
    path = recordings_dir(get_settings()) / f"{stem}.{extension}"
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type=RECORDED_TYPES[extension],
                        headers={"cache-control": "public, max-age=31536000, immutable"})
