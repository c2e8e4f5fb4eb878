#!/usr/bin/env bash
# The main job: install what is missing, build, and run actionplan on the
# demo plan (Södertälje, "Utvecklingskraft i Södertälje" 2016-2022): create
# the database, import the plan, its status history and its measurements,
# show the tree, write the steering-group packs, the annual reports, the
# update forms and the static public site into reports/, and start the
# server in the background: its URL is the last thing printed.
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
# The public pages as a static site, with the annual reports as accessible
# web pages and the accessibility statement: open reports/site/index.html.
# As of the December pack: the demo's reporting ends there, so as of today
# every activity would be overdue and stale (red), which is true but says
# little about the plan.
$ap report site --out reports/site --as-of 2017-12-15
echo
echo "Rapporterna finns i $(grep -E '^output_dir' config.ini | sed 's/.*= *//')/:"
ls -1 reports/

# The plan in the browser: the server in the background (the one this script
# started last time is stopped first), on [web] listen of config.ini.
pidfile=build/serve.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")" && sleep 1
fi
listen=$(grep -E '^listen' config.ini | sed 's/.*= *//')
nohup "$ap" serve >build/serve.log 2>&1 &
echo $! >"$pidfile"
up=no
for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/${listen%:*}/${listen##*:}") 2>/dev/null; then up=yes; break; fi
    kill -0 "$(cat "$pidfile")" 2>/dev/null || break
    sleep 0.1
done
echo
if [ "$up" = yes ]; then
    echo "Den statiska webbplatsen: reports/site/index.html"
    echo "Planen i webbläsaren / the plan in the browser: http://$listen/"
    echo "  läget vid decembermötet 2017: http://$listen/plans/sodertalje-2016?as_of=2017-12-15"
    echo "  (servern loggar till build/serve.log; stoppa den med: kill \$(cat $pidfile))"
else
    echo "Servern startade inte (build/serve.log):"
    cat build/serve.log
    echo "Starta den själv med: $ap serve --listen 127.0.0.1:PORT"
fi
