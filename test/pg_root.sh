#!/bin/sh
# A private, relocated copy of the system's PostgreSQL 15 for side-by-side
# work trees: each installs its own build of Stokkel into its copy instead of
# overwriting the one in /usr.  PostgreSQL finds its share and lib folders
# relative to its binaries, so a plain copy is enough.
#
#   test/pg_root.sh DIR    create DIR (if missing) and print the exports:
#       eval "$(test/pg_root.sh /var/tmp/pg-a)"
#   then 'make test' in that work tree builds, installs and tests against it
#   (set STOKKEL_CLUSTER_DIR and STOKKEL_PORT too, so the clusters differ).
set -eu

root=${1:?usage: $0 DIR}
case "$root" in /*) ;; *) root="$(pwd)/$root" ;; esac
if [ ! -x "$root/usr/lib/postgresql/15/bin/postgres" ]; then
	mkdir -p "$root/usr/lib/postgresql" "$root/usr/share/postgresql"
	cp -a /usr/lib/postgresql/15 "$root/usr/lib/postgresql/"
	cp -a /usr/share/postgresql/15 "$root/usr/share/postgresql/"
	# the server headers PGXS compiles against stay where Debian put them
	ln -sfn /usr/include "$root/usr/include"
	chmod -R a+rX "$root"
fi
echo "export PG_CONFIG='$root/usr/lib/postgresql/15/bin/pg_config'"
