"""Fetches feeds over HTTP with Debian's feedparser, as a feed reader revisits them.

stdin: JSON {"urls": [...], "stale_etag": "\"nope\"", "timeout": seconds}.
For each URL, four calls of feedparser.parse:
  first          parse(url)
  both           parse(url, etag=first.etag, modified=first.modified)
  modified_only  parse(url, modified=first.modified)
  stale_etag     parse(url, etag=stale_etag)
  stale_etag_and_modified   parse(url, etag=stale_etag, modified=first.modified)
stdout: JSON list, one {"url", "first", "both", ...} per URL,
each a summary of one parse. Run with /usr/bin/python3 -I (the python3 first on PATH
has no feedparser). read_feed.py reads documents from bytes; this one uses the network.
"""
import json
import socket
import sys

import feedparser


def summary(d):
    return {
        'status': d.get('status'),
        'bozo': bool(d.get('bozo')),
        'bozo_exception': str(d.get('bozo_exception', '')),
        'version': d.get('version', ''),
        'entries': len(d.get('entries') or []),
        'entry_ids': [e.get('id') for e in d.get('entries') or []],
        'feed_title': (d.get('feed') or {}).get('title'),
        'etag': d.get('etag'),
        'modified': d.get('modified'),
        'href': d.get('href'),
        'headers': {k: str(v) for k, v in (d.get('headers') or {}).items()},
    }


def visit(url, stale_etag):
    first = feedparser.parse(url)
    etag, modified = first.get('etag'), first.get('modified')
    return {
        'url': url,
        'first': summary(first),
        'both': summary(feedparser.parse(url, etag=etag, modified=modified)),
        'modified_only': summary(feedparser.parse(url, modified=modified)),
        'stale_etag': summary(feedparser.parse(url, etag=stale_etag)),
        'stale_etag_and_modified': summary(
            feedparser.parse(url, etag=stale_etag, modified=modified)
        ),
    }


request = json.loads(sys.stdin.buffer.read().decode('utf-8'))
socket.setdefaulttimeout(request.get('timeout', 10))  # urllib has no other timeout here
results = [visit(url, request['stale_etag']) for url in request['urls']]
sys.stdout.write(json.dumps(results))  # ASCII: no locale involved
