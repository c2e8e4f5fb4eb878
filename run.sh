#!/usr/bin/env bash
# The main job: install what is missing, build, and run actionplan on the
# demo plan (Södertälje, "Utvecklingskraft i Södertälje" 2016-2022): create
# the database, import the plan, its status history and its measurements,
# show the tree, and write the steering-group pack and the annual report
# into reports/.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
ap_install "${BUILD_PACKAGES[@]}"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target actionplan >/dev/null

ap=./build/actionplan
$ap init
$ap import plans/sodertalje-2016.ini
$ap updates import plans/sodertalje-2016-updates.csv
$ap measures import plans/sodertalje-2016-measures.csv
$ap assessments import plans/sodertalje-2016-assessments.csv
$ap list --as-of 2017-12-15 --focus 4

# The steering group met in June and December 2017; the December pack shows
# the changes since the June one. The council gets the annual reports.
$ap report steering --as-of 2017-06-30
$ap report steering --as-of 2017-12-15
$ap report annual --year 2016
$ap report annual --year 2017
$ap forms export --as-of 2017-12-15
echo
echo "Rapporterna finns i $(grep -E '^output_dir' config.ini | sed 's/.*= *//')/:"
ls -1 reports/
echo
echo "Planen i webbläsaren / the plan in the browser:"
echo "  ./build/actionplan serve     # then open http://127.0.0.1:8080/ (stop with Ctrl-C)"
