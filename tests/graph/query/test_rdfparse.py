"""rdflib's SPARQL parser from many threads at once (graph/query/rdfparse.py).

pyparsing learns each parse action's arguments on its first call, in state the threads share:
the race only exists in a process where the grammar's rules have not run yet, so each check
runs in a fresh interpreter whose threads all start parsing at once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# 8 threads released together; half validate a seed article (SHACL); each reads its share of
# valid queries and updates through the project's entry points; every failure is reported.
SCRIPT = textwrap.dedent(
    """
    import json, sys, threading
    sys.path.insert(0, sys.argv[1])
    from rdflib import Dataset
    from graph.errors import InputError
    from graph.query.outbound import check_query
    from graph.query.plans import is_lookup
    from graph.validation.shacl import validate
    from graph.write.update import parse_update

    P = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\\n"
    LOOKUPS = [
        P + "SELECT ?s { ?s skos:prefLabel 'n%d'@en }",
        "SELECT ?p ?o { <urn:x%d> ?p ?o OPTIONAL { ?o <urn:label> ?l } }",
        "ASK { ?a <urn:party> <urn:x%d>, <urn:y> }",
        "SELECT * { VALUES ?s { <urn:a%d> <urn:b> } ?s ?p ?o } LIMIT 3",
        P + "SELECT ?l { <urn:x%d> skos:prefLabel|skos:altLabel ?l }",
    ]
    QUERIES = [
        "SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o FILTER(?o > %d) } GROUP BY ?s ORDER BY DESC(?n)",
        "SELECT * { { ?s ?p ?o } UNION { ?s <urn:q> ?o } MINUS { ?s <urn:r> %d } }",
        "SELECT ?s { ?s <urn:within>+ <urn:r%d> BIND(STR(?s) AS ?t) }",
    ]
    UPDATES = [
        "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> %d } }",
        "DELETE { ?s <urn:p> ?o } INSERT { ?s <urn:q> ?o } WHERE { ?s <urn:p> ?o FILTER(?o < %d) }",
        "DELETE WHERE { <urn:s%d> ?p ?o }",
    ]
    ARTICLE = Dataset()  # the SHACL shapes' SPARQL rules are rdflib queries too
    ARTICLE.parse(sys.argv[1] + "/graph/data/000_86ffe20fc9bd53a8.trig")
    start = threading.Barrier(8)
    failures = []

    def run(k):
        start.wait()
        try:
            if k % 2 == 0 and not validate(ARTICLE).conforms:  # half the threads: 0.5 s each
                failures.append(["shacl", "a seed article", "does not conform"])
        except Exception as exc:
            failures.append(["shacl", "a seed article", repr(exc)])
        for i in range(12):
            n = k * 100 + i
            text = LOOKUPS[(k + i) % len(LOOKUPS)] % n
            if not is_lookup(text):
                failures.append(["lookup", text])
            text = QUERIES[(k + i) % len(QUERIES)] % n
            try:
                check_query(text, ["http://example.org/sparql"])
            except InputError as exc:
                failures.append(["query", text, str(exc)])
            text = UPDATES[(k + i) % len(UPDATES)] % n
            try:
                parse_update(text)
            except InputError as exc:
                failures.append(["update", text, str(exc)])

    threads = [threading.Thread(target=run, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(failures))
    """
)


def test_queries_updates_and_shacl_rules_parse_from_many_threads_in_a_fresh_process():
    for _ in range(2):  # two fresh processes: the race is at each one's first parses
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(ROOT)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        failures = json.loads(run.stdout.splitlines()[-1])
        assert failures == [], f"{len(failures)} valid texts misread, first: {failures[:3]}"
