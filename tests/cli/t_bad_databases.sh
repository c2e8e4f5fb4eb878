#!/usr/bin/env bash
# A database that is not ours, newer than the program, damaged, or not a
# database at all: every command answers with one clear line and exit 1,
# never a crash, and leaves the file exactly as it was (another
# application's database was switched to WAL before it was refused).
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
PLAN="$AP_SRC/plans/sodertalje-2016.ini"
UPDATES="$AP_SRC/plans/sodertalje-2016-updates.csv"

# every command that opens the database, with valid arguments
commands=("list" "show 1.1.1" "explain 1" "import $PLAN" "updates import $UPDATES"
          "update 1.1.1 --status grön --date 2018-01-01" "report steering --as-of 2018-01-01"
          "backup kopia.db" "check" "init")

# refused DB MESSAGE: every command refuses the database with the message,
# exit 1, and the file is byte for byte as it was, with nothing beside it
refused() {
    local db=$1 msg=$2 stamp cmd
    stamp=$(sha256sum "$db" 2>/dev/null || echo dir)
    for cmd in "${commands[@]}"; do
        # shellcheck disable=SC2086
        run --db "$db" $cmd
        expect_rc 1 "$db: $cmd"
        expect_err "$msg" "$db: $cmd message"
        CHECKS=$((CHECKS + 1))
        grep -q "Sanitizer\|runtime error\|Segmentation" <<<"$ERR" && fail "$db: $cmd crashed: $ERR"
    done
    CHECKS=$((CHECKS + 1))
    [ "$(sha256sum "$db" 2>/dev/null || echo dir)" = "$stamp" ] || fail "$db was changed"
    CHECKS=$((CHECKS + 1))
    [ -z "$(ls "$db"-* 2>/dev/null)" ] || fail "files left beside $db: $(ls "$db"-*)"
    CHECKS=$((CHECKS + 1))
    [ ! -e kopia.db ] || fail "a backup of $db was written"
    CHECKS=$((CHECKS + 1))
    [ ! -e reports ] || fail "a report of $db was begun"
}

# a text file
printf 'Det här är en anteckning, ingen databas.\n' > text.db
refused text.db "'text.db' är ingen actionplan-databas"

# random bytes, and an SQLite header before garbage
head -c 8192 /dev/urandom > random.db
refused random.db "'random.db' är ingen actionplan-databas"
{ printf 'SQLite format 3\0'; head -c 4096 /dev/zero | tr '\0' 'x'; } > header.db
refused header.db "'header.db' är ingen actionplan-databas"

# another application's SQLite database: tables, no application id, rollback journal
sqlite3 other.db "create table kund (id integer primary key, namn text);
                  insert into kund values (1, 'Anna'), (2, 'Bo');"
refused other.db "'other.db' är ingen actionplan-databas"
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 other.db 'pragma journal_mode')" = delete ] || fail "other.db's journal mode was changed"
# another application's id on an empty database
sqlite3 otherid.db "pragma application_id = 305419896; pragma user_version = 1;"
refused otherid.db "'otherid.db' är ingen actionplan-databas"

# made by a newer actionplan: schema 99
run --db newer.db init
expect_rc 0 "init newer.db"
schema=$(sqlite3 newer.db 'pragma user_version') # what this program writes
sqlite3 newer.db "pragma user_version = 99"
refused newer.db "databasen 'newer.db' är skapad av en nyare version av actionplan (schema 99; detta program känner schema $schema): uppdatera programmet"

# a directory
mkdir dir.db
refused dir.db "'dir.db' är en katalog, inte en databas"

# no database yet: every command but init says how to begin
run --db none.db list
expect_rc 1 "missing database"
expect_err "databasen 'none.db' finns inte: kör 'actionplan init' först" "missing database message"
run --db none.db check
expect_rc 1 "check on a missing database"
expect_err "databasen 'none.db' finns inte" "check: missing database message"
CHECKS=$((CHECKS + 1))
[ ! -e none.db ] || fail "a command other than init created the database"
run --db saknas/ap.db init
expect_rc 1 "init in a missing folder"
expect_err "kan inte öppna databasen 'saknas/ap.db'" "missing folder message"

# a damaged actionplan database: cut short, or a page overwritten
run --db whole.db init
run --db whole.db import "$PLAN"
run --db whole.db updates import "$UPDATES"
expect_rc 0 "a whole database"
sqlite3 whole.db "pragma journal_mode = delete" >/dev/null
head -c 20000 whole.db > cut.db
for cmd in "list" "show 1.1.1" "updates import $UPDATES"; do
    # shellcheck disable=SC2086
    run --db cut.db $cmd
    expect_rc 1 "cut.db: $cmd"
    expect_err "databasfel i 'cut.db': database disk image is malformed" "cut.db: $cmd message"
done
run --db cut.db check
expect_rc 1 "check on a cut database"
expect_out "FEL: databasen 'cut.db' är skadad (database disk image is malformed)" "cut database verdict"

# the database given through config.ini works the same
printf '[database]\npath = other.db\n' > other.ini
run --config other.ini list
expect_rc 1 "not ours through config.ini"
expect_err "'other.db' är ingen actionplan-databas" "config path message"
finish
