/* Regression tests of the hardening work (issue #9) on the library's own
 * functions: each case is a bug that was found and fixed. */
#include "actionplan/util.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static bool exists(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static void touch(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f)
        fclose(f);
}

/* A pid that surely belongs to no process: a child that has exited. */
static long dead_pid(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    waitpid(pid, NULL, 0);
    return (long)pid;
}

/* ap_atomic_begin removes the temporary files a killed run left beside the
 * same final file (a SIGKILL during a report or a backup left them in
 * reports/ for good), and nothing else: not another file's, not a live
 * process's, not a file merely named alike. */
TEST(atomic_begin_removes_what_a_killed_run_left)
{
    char dir[] = "/tmp/ap-unit.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char stale[128], other[128], live[128], ours[4096];
    long dead = dead_pid();
    snprintf(stale, sizeof stale, ".report.pdf.%ld-0.tmp", dead);
    snprintf(other, sizeof other, ".other.pdf.%ld-0.tmp", dead);
    snprintf(live, sizeof live, ".report.pdf.%ld-3.tmp", (long)getppid());
    touch(dir, stale);
    touch(dir, other);
    touch(dir, live);
    touch(dir, ".report.pdf.x-0.tmp");
    touch(dir, ".report.pdf.12-0.tmp.keep");
    snprintf(ours, sizeof ours, "%s/report.pdf", dir);
    ap_atomic a;
    ap_error err;
    CHECK_INT(ap_atomic_begin(&a, ours, &err), AP_OK);
    CHECK(!exists(dir, stale));
    CHECK(exists(dir, other));
    CHECK(exists(dir, live));
    CHECK(exists(dir, ".report.pdf.x-0.tmp"));
    CHECK(exists(dir, ".report.pdf.12-0.tmp.keep"));
    CHECK(access(a.tmp_path, F_OK) == 0);
    CHECK_INT(ap_atomic_commit(&a, &err), AP_OK);
    CHECK(exists(dir, "report.pdf"));
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

int main(void)
{
    RUN(atomic_begin_removes_what_a_killed_run_left);
    return test_summary();
}
