#!/usr/bin/env bash
# Creates tools/export/.venv from the local package mirror (pip is configured for it on the dev machines).
# transformers 4.57.6 pins huggingface-hub<1.0, which the mirror does not have, hence --no-deps for it.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .venv
# On the project's machines the mirror is local; pointing pip straight at it avoids slow retries of the public index.
if [ -d /opt/pypi/simple ]; then
  export PIP_INDEX_URL=file:///opt/pypi/simple PIP_EXTRA_INDEX_URL=file:///opt/pypi-more/simple
fi
.venv/bin/pip install -q -r requirements.txt
.venv/bin/pip install -q --no-deps transformers==4.57.6
# ...and relax its import-time check of that pin (huggingface-hub 1.x works for what the tool uses: local files only).
table=$(.venv/bin/python -c "import importlib.util as u; print(u.find_spec('transformers').submodule_search_locations[0])")/dependency_versions_table.py
sed -i 's/"huggingface-hub>=0.34.0,<1.0"/"huggingface-hub>=0.34.0"/' "$table"
echo "ready: $(pwd)/.venv/bin/python"
