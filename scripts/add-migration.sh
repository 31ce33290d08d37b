#!/usr/bin/env bash
# Adds a migration NAME for both zones on both providers. Run from the repository root:
#   scripts/add-migration.sh AddSomething
# Before the first release, scripts/add-migration.sh --reset squashes everything into one InitialCreate.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
name=${1:?usage: scripts/add-migration.sh NAME | --reset}
if [ "$name" = --reset ]; then
  rm -rf src/Jebo.Migrations.Sqlite/Jebo src/Jebo.Migrations.Sqlite/Intake src/Jebo.Migrations.Sqlite/Casework src/Jebo.Migrations.PostgreSql/Intake src/Jebo.Migrations.PostgreSql/Casework
  name=InitialCreate
fi
for provider in Sqlite PostgreSql; do
  for zone in Intake Casework; do
    dotnet ef migrations add "$name" --project "src/Jebo.Migrations.$provider" --startup-project "src/Jebo.Migrations.$provider" \
      --context "${zone}Db" --output-dir "$zone"
  done
done
