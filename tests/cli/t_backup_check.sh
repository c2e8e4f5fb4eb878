#!/usr/bin/env bash
# backup FILE and check: a standalone, checked copy that --db opens; no
# overwriting without --force, never over the database itself; check's
# verdict on a whole, a damaged and a foreign database; restoring a backup.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_history

# the header's read and write versions: 1 1 is a rollback journal (a
# standalone file), 2 2 is WAL
header_mode() { od -A n -t u1 -j 18 -N 2 "$1" | tr -s ' ' | sed 's/^ //'; }
counts() { sqlite3 "$1" "select (select count(*) from status_update)||'/'||(select count(*) from state_change)||'/'||(select count(*) from decision)||'/'||(select count(*) from measurement)"; }

# --- check on a whole database ---------------------------------------------
schema=$(sqlite3 actionplan.db 'pragma user_version') # what this program writes
before=$(db_dump)
run check
expect_rc 0 "check a whole database"
expect_out "Schema:     $schema (detta program: $schema)" "check shows the schema version"
expect_out "316 statusrapporter, 51 lägesändringar, 9 beslut" "check shows the contents"
expect_out "integrity_check, foreign_key_check, schemat och värdena utan anmärkning" "check names its checks"
CHECKS=$((CHECKS + 1))
[ "$(tail -1 <<<"$OUT")" = "OK" ] || fail "the verdict is the last line: $(tail -1 <<<"$OUT")"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "check changed the database"

# --- backup ----------------------------------------------------------------
run backup kopia.db
expect_rc 0 "backup"
expect_out "Säkerhetskopierade actionplan.db till kopia.db: " "backup names both files"
expect_out "kB; 1 plan, 59 aktiviteter, 316 statusrapporter, 51 lägesändringar, 9 beslut och 16 mätningar" "backup says its size and what it holds"
expect_out "Kopian är kontrollerad (integrity_check, foreign_key_check): OK" "the copy is checked"
CHECKS=$((CHECKS + 1))
[ "$(header_mode kopia.db)" = "1 1" ] || fail "the backup is not in rollback-journal mode: $(header_mode kopia.db)"
CHECKS=$((CHECKS + 1))
[ ! -e kopia.db-wal ] && [ ! -e kopia.db-shm ] || fail "the backup has files beside it"
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 kopia.db 'pragma journal_mode')" = delete ] || fail "journal mode of the backup"
CHECKS=$((CHECKS + 1))
[ "$(db_dump kopia.db)" = "$(db_dump)" ] || fail "the backup differs from the database"
CHECKS=$((CHECKS + 1))
[ -z "$(find . -name '.*.tmp')" ] || fail "temporary files left: $(find . -name '.*.tmp')"

# check reads a backup without changing it
run --db kopia.db check
expect_rc 0 "check the backup"
expect_out "Journal:    delete" "the backup's journal mode"
CHECKS=$((CHECKS + 1))
[ "$(header_mode kopia.db)" = "1 1" ] || fail "check changed the backup's journal mode"

# --db opens a backup (here a copy of it, to keep the backup as it is)
cp kopia.db anvand.db
run --db anvand.db list --as-of 2017-12-15 --json
expect_rc 0 "--db opens a backup"
expect_out '"plan": "sodertalje-2016"' "the backup holds the plan"

# never overwrite without --force; never the database itself
stamp=$(sha256sum kopia.db)
run backup kopia.db
expect_rc 1 "an existing file is refused"
expect_err "'kopia.db' finns redan; välj ett nytt namn eller skriv över med --force" "refusal says how"
CHECKS=$((CHECKS + 1))
[ "$(sha256sum kopia.db)" = "$stamp" ] || fail "a refused backup changed the file"
run update 1.1.1 --status gul --date 2018-06-01 --cause "Sjukdom" --action "Vikarie" --by Test
expect_rc 0 "one more update"
run backup kopia.db --force
expect_rc 0 "--force overwrites"
expect_out "317 statusrapporter" "the new backup holds the new update"
for target in actionplan.db ./actionplan.db "$T/actionplan.db" actionplan.db-wal actionplan.db-shm; do
    run backup "$target" --force
    expect_rc 1 "backup over the database itself ($target)"
    expect_err "är databasen själv (eller en av dess filer)" "refusal for $target"
done
ln -s actionplan.db lank.db
run backup lank.db --force
expect_rc 1 "backup over a link to the database"
run check
expect_rc 0 "the database survived the attempts"
mkdir -p kopior
run backup kopior
expect_rc 1 "a directory as target"
expect_err "'kopior' är en katalog; ange ett filnamn, t.ex. kopior/actionplan-ÅÅÅÅ-MM-DD.db" "directory message"
run backup saknas/kopia.db
expect_rc 1 "a target in a missing folder"
expect_err "saknas" "missing folder named"
run backup kopior/2018-06-30.db
expect_rc 0 "backup into a folder"

# a killed backup leaves its temporary file; the next backup of that name
# removes it (a pid that no longer exists: a finished child)
sh -c 'exit 0' & dead=$!
wait $dead
touch "kopior/.2018-06-30.db.$dead-0.tmp"
run backup kopior/2018-06-30.db --force
expect_rc 0 "backup again"
CHECKS=$((CHECKS + 1))
[ -z "$(find kopior -name '.*')" ] || fail "the killed backup's file was not removed: $(ls -a kopior)"

# --- restore: the README's steps --------------------------------------------
expected=$(counts kopia.db)
rm -f actionplan.db actionplan.db-wal actionplan.db-shm
cp kopia.db actionplan.db
run check
expect_rc 0 "a restored backup passes the check"
CHECKS=$((CHECKS + 1))
[ "$(counts actionplan.db)" = "$expected" ] || fail "restored counts $(counts actionplan.db), expected $expected"
run update 1.1.2 --status grön --date 2018-06-02 --by Test
expect_rc 0 "work goes on in a restored database"

# --- check on damaged databases ---------------------------------------------
cp kopia.db fk.db
sqlite3 fk.db "insert into status_update (activity_id, date, status, origin) values (99999, '2018-01-01', 'green', 'test')"
run --db fk.db check
expect_rc 1 "a dangling reference fails the check"
expect_out "främmande nyckel saknas: tabell status_update" "the problem is named"
expect_out "FEL: databasen är skadad; återställ den senaste säkerhetskopian" "verdict"
expect_err "databasen 'fk.db' klarade inte kontrollen" "message on stderr"
CHECKS=$((CHECKS + 1))
[ "$(tail -1 <<<"$OUT" | cut -c1-4)" = "FEL:" ] || fail "the verdict is the last line"

cp kopia.db broken.db
root=$(sqlite3 broken.db "select rootpage from sqlite_schema where name = 'status_update_activity'")
psize=$(sqlite3 broken.db "pragma page_size")
dd if=/dev/zero of=broken.db bs="$psize" seek=$((root - 1)) count=1 conv=notrunc 2>/dev/null
run --db broken.db check
expect_rc 1 "a damaged page fails the check"
expect_out "FEL: databasen är skadad" "damaged verdict"
run --db broken.db backup broken-kopia.db
expect_rc 1 "a backup of a damaged database is not called a backup"
expect_err "klarade inte kontrollen" "backup says the copy failed the check"

# check on what is no actionplan database
echo "inte en databas" > text.db
run --db text.db check
expect_rc 1 "check on a text file"
expect_out "FEL: 'text.db' är ingen actionplan-databas" "text file verdict"
run --db saknas.db check
expect_rc 1 "check on a missing file"
expect_out "FEL: databasen 'saknas.db' finns inte" "missing file verdict"
CHECKS=$((CHECKS + 1))
[ ! -e saknas.db ] || fail "check created a database"

# English on request
printf '[report]\nlanguage = en\n' > en.ini
run --config en.ini --db fk.db check
expect_rc 1 "check in English"
expect_out "ERROR: the database is damaged; restore the latest backup" "English verdict"
run --config en.ini backup kopia.db
expect_rc 1 "backup refusal in English"
expect_err "'kopia.db' already exists; choose a new name or overwrite with --force" "English refusal"

finish
