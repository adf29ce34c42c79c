#!/usr/bin/env python3
"""Replay the README's curl examples against a database set up by the
Docker image's init script, as PostgREST would run them, and print TAP.

PostgREST cannot be installed here (not in Debian), so each request is
translated the way PostgREST 12 translates it: it logs in as authenticator,
and per request runs BEGIN; SET LOCAL ROLE <the token's role claim, or the
anonymous role>; set_config('request.jwt.claims', <claims>, true);
set_config('request.headers', <headers>, true); the query; COMMIT.
  GET /rpc/f?a=1&b=x            SELECT * FROM api.f(a => '1', b => 'x')
  POST /rpc/f, JSON body        SELECT * FROM api.f(a => <value as text>, ...)
  POST /rpc/f, raw body         SELECT * FROM api.f(<the body>)
  GET /view?c=eq.v&limit=n      SELECT * FROM api.view WHERE c = 'v' LIMIT n
The roles and the demo tenant are the ones docker/initdb/10-stokkel.sql
makes.  A request passes when the statement runs without an error; the
ones that name a row the demo data may not have (acknowledge_alert of
alert 42) may instead end in their documented SQLSTATE.

    test/docker/http_examples.py README.md DBNAME
"""
import json
import re
import shlex
import subprocess
import sys
import urllib.parse

ROLES = {"TOKEN": ("web_user", {"role": "web_user", "tenant_id": "demo"}),
         "ADMIN_TOKEN": ("web_admin", {"role": "web_admin", "tenant_id": "demo"}),
         None: ("web_anon", {})}
# SQLSTATEs a request may end in besides success, by function
ALLOWED = {"acknowledge_alert": {"P0002"}}
# rows the demo shop's answer must have, by function or view
ROWS = {"products": 5, "forecast": 14, "top_products": 5, "backtest": 7, "reorder_recommendations": 200,
        "kpis_csv": 1, "forecast_xlsx": 1, "forecast_chart": 1, "health": 1}
# what the image's roles must refuse or hide: (role, claims, query, expected SQLSTATE or rows)
GUARDS = [
    (None, None, "SELECT count(*) FROM api.products", "42501"),     # authenticator itself: NOINHERIT
    ("web_anon", {}, "SELECT count(*) FROM api.products", "42501"),
    ("web_user", {"role": "web_user"}, "SELECT count(*) FROM api.products", "0"),   # no tenant claim
    ("web_user", {"role": "web_user", "tenant_id": "demo"},
     "SELECT count(*) FROM api.set_alert_setting('stockout_risk', 'probability', '0.2')", "42501"),
]


def curl_lines(readme):
    """The curl commands of the README's HTTP API example block."""
    text = open(readme, encoding="utf-8").read()
    start = text.index("**curl.**")
    block = text[text.index("```sh", start):]
    block = block[:block.index("```", 5)]
    block = re.sub(r"\\\n\s*", " ", block)
    return [line.split("   #")[0].strip() for line in block.splitlines()
            if line.startswith("curl ")]


def parse(cmd):
    """(token variable, headers, body, url) of one curl command."""
    args = shlex.split(cmd.replace('"$api', '"http://api').replace("$TOKEN", "@TOKEN")
                       .replace("$ADMIN_TOKEN", "@ADMIN_TOKEN"))[1:]
    token, headers, body, url = None, {}, None, None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-H":
            k, v = args[i + 1].split(":", 1)
            headers[k.strip().lower()] = v.strip()
            if k.lower() == "authorization":
                token = v.split("@", 1)[1]
            i += 2
        elif a in ("-d", "--data-binary"):
            body = args[i + 1]
            i += 2
        elif a == "-o":
            i += 2
        else:
            url = a
            i += 1
    return token, headers, body, url


def lit(v):
    return "'" + str(v).replace("'", "''") + "'"


def to_sql(headers, body, url):
    """The statement PostgREST runs for the request, and the function name."""
    u = urllib.parse.urlsplit(url)
    q = urllib.parse.parse_qsl(u.query, keep_blank_values=True)
    path = u.path.lstrip("/")
    if path.startswith("rpc/"):
        fn = path[4:]
        if body is None:
            args = ", ".join(f"{k} => {lit(v)}" for k, v in q)
        elif headers.get("content-type") == "application/json":
            obj = json.loads(body)
            args = ", ".join(f"{k} => {lit(v if not isinstance(v, (dict, list)) else json.dumps(v))}"
                             for k, v in obj.items())
        elif body == "@sales.csv":
            args = lit("sku,sold_at,quantity\nRIZ-000001,2026-07-01 11:00,1\nNO-SUCH,2026-07-01 11:00,1\n")
        elif body == "@shop.xlsx":
            args = ("stokkel.stk_xlsx('[{\"name\": \"sales\", \"columns\": [\"sku\", \"sold_at\", \"quantity\"],"
                    " \"rows\": [[\"RIZ-000001\", \"2026-07-01 12:00\", 3]]}]')")
        else:
            raise ValueError(f"no body for {body}")
        return f"SELECT count(*) FROM api.{fn}({args})", fn
    where, limit = [], ""
    for k, v in q:
        if k == "limit":
            limit = f" LIMIT {int(v)}"
        elif v.startswith("eq."):
            where.append(f"{k} = {lit(v[3:])}")
        elif v == "is.null":
            where.append(f"{k} IS NULL")
        else:
            raise ValueError(f"filter {k}={v}")
    cond = " WHERE " + " AND ".join(where) if where else ""
    return f"SELECT count(*) FROM (SELECT * FROM api.{path}{cond}{limit}) r", path


def request(db, role, claims, headers, sql):
    """Run sql as PostgREST would for a token of role and claims: the
    statement's last output line, or the SQLSTATE it failed with."""
    script = "\\set ON_ERROR_STOP 1\n\\set VERBOSITY sqlstate\nBEGIN;\n"
    if role is not None:
        script += (f"SET LOCAL ROLE {role};\n"
                   f"SELECT set_config('request.jwt.claims', {lit(json.dumps(claims))}, true) IS NULL;\n"
                   f"SELECT set_config('request.headers', {lit(json.dumps(headers))}, true) IS NULL;\n")
    script += f"{sql};\nCOMMIT;\n"
    r = subprocess.run(["psql", "-X", "-q", "-At", "-U", "authenticator", "-d", db],
                       input=script, capture_output=True, text=True)
    if r.returncode == 0:
        return r.stdout.strip().splitlines()[-1], ""
    state = re.search(r"ERROR:\s+([0-9A-Z]{5})", r.stderr)
    return (state.group(1) if state else "error"), r.stderr


def main():
    readme, db = sys.argv[1], sys.argv[2]
    cmds = curl_lines(readme)
    print(f"1..{len(cmds) + len(GUARDS)}")
    failed = 0
    n = 0
    for cmd in cmds:
        n += 1
        token, headers, body, url = parse(cmd)
        role, claims = ROLES[token]
        sql, fn = to_sql(headers, body, url)
        got, err = request(db, role, claims, {k: v for k, v in headers.items() if k.startswith("x-")}, sql)
        if fn in ROWS:
            ok = got == str(ROWS[fn])
        else:
            ok = got.isdigit() or got in ALLOWED.get(fn, ())
        desc = f"{urllib.parse.urlsplit(url).path} as {role}: {got}"
        print(f"{'ok' if ok else 'not ok'} {n} - {desc}")
        if not ok:
            failed += 1
            print("# " + sql)
            for line in err.strip().splitlines():
                print("# " + line)
    for role, claims, sql, want in GUARDS:
        n += 1
        got, _ = request(db, role, claims, {}, sql)
        ok = got == want
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {n} - refused or hidden: {sql} as {role or 'authenticator'}, "
              f"claims {json.dumps(claims)}: {got} (want {want})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
