#!/usr/bin/env bash
# Follows docs/deploy.md steps 2-4 on loopback, in a folder of its own, and checks the result:
# a fresh virtualenv from requirements.txt, npm assets, a new database, the environment file made
# from deploy/nurture.env.example, migrate, collectstatic, check --deploy, the first admin, then
# the web, worker and beat commands exactly as the systemd units in deploy/ start them. Passes
# when the login page answers through gunicorn and the worker answers a ping.
#
#   bash deploy/check_install.sh          (needs python3, npm, PostgreSQL on 127.0.0.1:5432, Redis on :6379)
set -euo pipefail
SOURCE="$(cd "$(dirname "$0")/.." && pwd)"
PREFIX="$(mktemp -d -t nurture-install-XXXXXX)"
DB="nurture_install_$$"
PORT="${CHECK_INSTALL_PORT:-8765}"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  sleep 1
  dropdb -h 127.0.0.1 -U postgres --if-exists --force "$DB" 2>/dev/null || true
  rm -rf "$PREFIX"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }

step "2. the code and its dependencies (into $PREFIX)"
git -C "$SOURCE" ls-files -z | (cd "$SOURCE" && xargs -0 cp --parents -t "$PREFIX")
cd "$PREFIX"
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
npm ci --omit=dev --no-audit --no-fund --loglevel=error

step "3. database and configuration"
createdb -h 127.0.0.1 -U postgres "$DB"
ENV_FILE="$PREFIX/nurture.env"
sed -e "s|^SECRET_KEY=.*|SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')|" \
    -e "s|^ALLOWED_HOSTS=.*|ALLOWED_HOSTS=127.0.0.1|" \
    -e "s|^SITE_URL=.*|SITE_URL=https://127.0.0.1:$PORT|" \
    -e "s|^DATABASE_URL=.*|DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB|" \
    -e "s|^REDIS_URL=.*|REDIS_URL=redis://127.0.0.1:6379/14|" \
    -e "s|^PROMETHEUS_MULTIPROC_DIR=.*|PROMETHEUS_MULTIPROC_DIR=$PREFIX/metrics|" \
    deploy/nurture.env.example > "$ENV_FILE"
mkdir -p "$PREFIX/metrics"
echo "STATIC_ROOT=$PREFIX/staticfiles" >> "$ENV_FILE"
export NURTURE_ENV_FILE="$ENV_FILE" NURTURE_HOME="$PREFIX"
manage() { deploy/nurture-manage "$@"; }
set -a; . "$ENV_FILE"; set +a  # for the units' commands below, as systemd's EnvironmentFile= does
manage migrate --noinput
manage collectstatic --noinput --verbosity 0
manage check --deploy --fail-level WARNING
DJANGO_SUPERUSER_PASSWORD="install-check-$$-pw" manage createsuperuser --noinput \
  --username firstadmin --email firstadmin@example.com

step "4. services, started as the units in deploy/ start them"
unit_command() {  # the ExecStart of a unit, with /opt/nurture as this folder and this port
  sed -n '/^ExecStart=/,/[^\\]$/p' "deploy/$1" | sed -e 's/^ExecStart=//' -e 's/\\$//' | tr '\n' ' ' \
    | sed -e "s|/opt/nurture|$PREFIX|g" -e "s|127.0.0.1:8000|127.0.0.1:$PORT|" -e 's/%H/install-check/'
}
for unit in nurture-web.service nurture-worker.service nurture-beat.service; do
  echo "$unit: $(unit_command "$unit")"
  setsid bash -c "exec $(unit_command "$unit")" > "$PREFIX/$unit.log" 2>&1 &
  PIDS+=($!)
done

step "the login page through gunicorn"
for _ in $(seq 60); do
  if curl -fsS -o "$PREFIX/login.html" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/accounts/login/"; then break; fi
  sleep 1
done
grep -q 'name="password"' "$PREFIX/login.html" || { echo "no login form"; tail -30 "$PREFIX/nurture-web.service.log"; exit 1; }
echo "login page: OK"

step "the worker"
for _ in $(seq 30); do
  if .venv/bin/celery -A nurture inspect ping --timeout 2 >/dev/null 2>&1; then echo "worker ping: OK"; exit 0; fi
  sleep 2
done
echo "the worker did not answer"; tail -30 "$PREFIX/nurture-worker.service.log"; exit 1
