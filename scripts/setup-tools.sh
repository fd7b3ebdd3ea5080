#!/usr/bin/env bash
# Installs the Debian packages the tool-backed test suites use as independent references and
# real clients (test/support/tools.ts lists which suite needs which): python3-feedparser reads
# every feed, xmllint checks XML and the sitemap schemas, trang + jing (with a JRE) check Atom
# against RFC 4287's RELAX NG grammar, zdump and tzdata give reference instants, newsboat is a
# real feed reader and chromium the browser view. `.ci/run` runs this too.
set -euo pipefail

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends \
  python3-feedparser libxml2-utils trang jing default-jre-headless tzdata libc-bin \
  newsboat chromium fonts-dejavu-core >/dev/null
echo "setup:tools: the Debian packages of the tool-backed suites are installed"
