"""What a PDF's page content streams hold, read with qpdf (an independent
reader): prints "pages=N streams=S unfiltered=U decoded=BYTES", where
unfiltered counts content streams stored without /FlateDecode and decoded
is the size of all page content once decompressed.

Used by tests/integration/test_pdfdoc.c (finished pages are compressed at
once)."""
import json
import subprocess
import sys


def main(path):
    pages = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=pages", path],
                                      capture_output=True, text=True, check=True).stdout)["pages"]
    objs = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", path],
                                     capture_output=True, text=True, check=True).stdout)["qpdf"][1]
    streams = unfiltered = decoded = 0
    for page in pages:
        for ref in page["contents"]:
            streams += 1
            d = objs["obj:" + ref]["stream"]["dict"]
            f = d.get("/Filter")
            if f not in ("/FlateDecode", ["/FlateDecode"]):
                unfiltered += 1
            data = subprocess.run(["qpdf", "--show-object=" + ref.split()[0], "--filtered-stream-data",
                                   path], capture_output=True, check=True).stdout
            decoded += len(data)
    print(f"pages={len(pages)} streams={streams} unfiltered={unfiltered} decoded={decoded}")


if __name__ == "__main__":
    main(sys.argv[1])
