"""Reads feeds with Debian's feedparser (an oracle independent of src/render).

stdin: JSON list of {"name", "body"}; stdout: JSON list, one summary per document.
Run with /usr/bin/python3 -I (the python3 first on PATH has no feedparser).
"""
import calendar
import io
import json
import sys
import time

import feedparser


def iso(parsed):
    """A struct_time in UTC (feedparser's *_parsed) as RFC 3339, or None."""
    if not parsed:
        return None
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(calendar.timegm(parsed)))


def detail_type(entry, key):
    detail = entry.get(key + '_detail')
    return detail.get('type') if detail else None


def read_entry(entry):
    content = entry.get('content') or []
    return {
        'id': entry.get('id'),
        'title': entry.get('title'),
        'title_type': detail_type(entry, 'title'),
        'link': entry.get('link'),
        'published': iso(entry.get('published_parsed')),
        'updated': iso(entry.get('updated_parsed')),
        'summary': entry.get('summary'),
        'summary_type': detail_type(entry, 'summary'),
        'content': content[0].get('value') if content else None,
        'content_type': content[0].get('type') if content else None,
        'tags': [
            {'term': t.get('term'), 'label': t.get('label'), 'scheme': t.get('scheme')}
            for t in entry.get('tags') or []
        ],
        'author': entry.get('author'),
    }


def read(doc):
    # A stream, so that feedparser never takes the text for a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(doc['body'].encode('utf-8')))
    feed = parsed.feed
    return {
        'name': doc['name'],
        'bozo': bool(parsed.bozo),
        'bozo_exception': str(parsed.get('bozo_exception', '')),
        'version': parsed.version,
        'feed': {
            'title': feed.get('title'),
            'link': feed.get('link'),
            'language': feed.get('language'),
            'image': (feed.get('image') or {}).get('href'),
            'icon': feed.get('icon'),
            'logo': feed.get('logo'),
            'updated': iso(feed.get('updated_parsed')),
        },
        'entries': [read_entry(e) for e in parsed.entries],
    }


docs = json.loads(sys.stdin.buffer.read().decode('utf-8'))
sys.stdout.write(json.dumps([read(doc) for doc in docs]))  # ASCII: no locale involved
