#!/usr/bin/env python3
"""Writes the SMS Backup & Restore fixtures and their golden events (docs/TIMELINE.md §8).

    python3 Tests/Fixtures/sms-backup-xml/generate.py

For each fixture NAME it writes NAME.xml (the backup, byte for byte), NAME.options.json (the
ParseContext: exhibit, zone) and NAME.events.jsonl (the events expected, RFC 8785, one a line).

The golden events are NOT produced by Sanad. Each is written by hand next to the bytes it is
read from: sender, kind, text and attachments are what a person reading the record concludes.
The script only does bookkeeping: offsets, line numbers, the SHA-256, and the UTC and local
times of each `date` (Unix milliseconds) with Python's zoneinfo. People and numbers are invented.

Checked by Tests/SanadTests/SMSBackupXMLFixtureTests.swift. Regenerating gives identical files.
"""
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
OWNER = "owner"

PROLOG = ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
          "<!--File Created By SMS Backup & Restore v10.18.003 on 20/03/2022 09:00:12-->\n"
          '<?xml-stylesheet type="text/xsl" href="sms.xsl"?>\n')


def container(raw):
    return raw, dict(kind="unparsed", reason="container")


def malformed(raw, reason="malformed"):
    return raw, dict(kind="unparsed", reason=reason)


def event(raw, ms, sender, text, title, participants, kind="message", attachments=()):
    """A record dated `ms` (the `date` attribute, Unix milliseconds UTC)."""
    return raw, dict(kind=kind, ms=ms, sender=sender, text=text, title=title, participants=participants,
                     attachments=list(attachments))


def person(name, phone=None):
    s = {"name": name}
    if phone:
        s["phone"] = phone
    return s


FIXTURES = []


def fixture(name, about, events, zone=None, zone_basis="declared-at-ingest", exhibit="E0002"):
    FIXTURES.append(dict(name=name, about=about, events=events, zone=zone, zone_basis=zone_basis, exhibit=exhibit))


SARA = "سارة حداد"
fixture(
    "sms-ar-emoji", "SMS in and out: Arabic and emoji, `null` fields, (Unknown) contact, entities, surrogate pairs; zone declared.",
    [
        container(PROLOG + '<smses count="5" backup_set="6f1c2a34-1d3e-4c55-9a0b-2f6e7d8c9b10" '
                  'backup_date="1647766812000" type="full">\n  '),
        # Received (type 1): the contact's name, and the number as phone. 14:56 in Baghdad.
        event(f'<sms protocol="0" address="+9647700000001" date="1647604560123" type="1" subject="null" '
              f'body="مرحبا، هل وصلت؟ 🌹" toa="null" sc_toa="null" service_center="+9647800000100" read="1" '
              f'status="-1" locked="0" date_sent="1647604558000" sub_id="1" '
              f'readable_date="18 Mar 2022 2:56:00 PM" contact_name="{SARA}" />\n  ',
              1647604560123, person(SARA, "+9647700000001"), "مرحبا، هل وصلت؟ 🌹", SARA, [SARA, OWNER]),
        # Sent (type 2): the owner, whom the backup never names. &#10; is a line break.
        event(f'<sms protocol="0" address="+9647700000001" date="1647604621000" type="2" subject="null" '
              f'body="نعم وصلت&#10;شكراً 👍" toa="null" sc_toa="null" service_center="null" read="1" status="-1" '
              f'locked="0" date_sent="0" sub_id="1" readable_date="18 Mar 2022 2:57:01 PM" contact_name="{SARA}" />\n  ',
              1647604621000, person(OWNER), "نعم وصلت\nشكراً 👍", SARA, [SARA, OWNER]),
        # "(Unknown)" is the app's word for a number in no contact: the number is the name.
        # Entities decode; an emoji written as two UTF-16 halves (&#55357;&#56832;) is one character.
        event('<sms protocol="0" address="+9647500000002" date="1647680400000" type="1" subject="null" '
              'body="Your code is &quot;4821&quot; &amp; expires soon &#55357;&#56832;" toa="null" sc_toa="null" '
              'service_center="null" read="0" status="-1" locked="0" date_sent="0" sub_id="1" '
              'readable_date="19 Mar 2022 12:00:00 PM" contact_name="(Unknown)" />\n  ',
              1647680400000, person("+9647500000002", "+9647500000002"),
              'Your code is "4821" & expires soon 😀', "+9647500000002", ["+9647500000002", OWNER]),
        # A draft (type 3) is the owner's; `null` body means no text. No contact_name at all.
        event('<sms protocol="0" address="07701234567" date="1647700000000" type="3" subject="null" body="null" '
              'toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" />\n  ',
              1647700000000, person(OWNER), None, "07701234567", ["07701234567", OWNER]),
        # An RLM inside the body is a format mark: removed from the text.
        event(f'<sms protocol="0" address="+9647700000001" date="1647766800000" type="1" subject="null" '
              f'body="\u200fتمام" toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" '
              f'readable_date="20 Mar 2022 12:00:00 PM" contact_name="{SARA}" />\n',
              1647766800000, person(SARA, "+9647700000001"), "تمام", SARA, [SARA, OWNER]),
        container("</smses>\n"),
    ],
    zone="Asia/Baghdad",
)

PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
SMIL = ('&lt;smil&gt;&lt;head&gt;&lt;layout&gt;&lt;root-layout/&gt;&lt;/layout&gt;&lt;/head&gt;&lt;body&gt;'
        '&lt;par dur=&quot;5000ms&quot;&gt;&lt;img src=&quot;IMG_0412.png&quot;/&gt;&lt;/par&gt;&lt;/body&gt;&lt;/smil&gt;')
fixture(
    "mms-group", "MMS: text and image parts, SMIL skipped, base64 data not text; a group with addrs; no zone (source-instant).",
    [
        container(PROLOG + '<smses count="3" backup_set="0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0" '
                  'backup_date="1647766812000" type="full">\n  '),
        # One correspondent, received: the contact's name; the photo's bytes are in `data`.
        event('<mms date="1647604700000" rr="129" sub="null" ct_t="application/vnd.wap.multipart.related" '
              'read_status="null" seen="1" msg_box="1" address="+9647700000001" sub_cs="null" resp_st="null" '
              'retr_st="null" d_tm="null" text_only="0" exp="null" locked="0" m_id="mid-0001" st="null" '
              'retr_txt_cs="null" retr_txt="null" creator="com.google.android.apps.messaging" date_sent="1647604698000" '
              'read="1" m_size="2048" rpt_a="null" ct_cls="null" pri="129" sub_id="1" tr_id="T17f9a" resp_txt="null" '
              'ct_l="null" m_cls="personal" d_rpt="129" v="18" _id="412" m_type="132" '
              'readable_date="18 Mar 2022 11:58:20 AM" contact_name="Sara Haddad">\n'
              '    <parts>\n'
              f'      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" '
              f'cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="{SMIL}" />\n'
              f'      <part seq="0" ct="image/png" name="IMG_0412.png" chset="null" cd="null" fn="null" '
              f'cid="&lt;IMG_0412&gt;" cl="IMG_0412.png" ctt_s="null" ctt_t="null" text="null" data="{PNG_B64}" />\n'
              '      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;text_0&gt;" '
              'cl="text_0.txt" ctt_s="null" ctt_t="null" text="Look at the door 😳" />\n'
              '    </parts>\n'
              '    <addrs>\n'
              '      <addr address="+9647700000001" type="137" charset="106" />\n'
              '      <addr address="+9647700000009" type="151" charset="106" />\n'
              '    </addrs>\n'
              '  </mms>\n  ',
              1647604700000, person("Sara Haddad", "+9647700000001"), "Look at the door 😳", "Sara Haddad",
              ["+9647700000001", "+9647700000009"], kind="media",
              attachments=[{"name": "IMG_0412.png", "status": "named", "media": "image"}]),
        # A group: the backup puts every member's name in contact_name, so the sender is the
        # number of the `from` address (type 137), not a name. Text only, no attachment.
        event('<mms date="1647605000000" msg_box="1" address="+9647700000001~+9647500000003" m_type="132" '
              'ct_t="application/vnd.wap.multipart.related" sub="null" read="1" '
              'readable_date="18 Mar 2022 12:03:20 PM" contact_name="Sara Haddad, Omar Aziz">\n'
              '    <parts>\n'
              '      <part seq="0" ct="text/plain;charset=utf-8" name="null" chset="106" cd="null" fn="null" '
              'cid="&lt;text_0&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="أنا قادم الآن" />\n'
              '    </parts>\n'
              '    <addrs>\n'
              '      <addr address="+9647500000003" type="137" charset="106" />\n'
              '      <addr address="+9647700000001" type="151" charset="106" />\n'
              '      <addr address="+9647700000009" type="151" charset="106" />\n'
              '    </addrs>\n'
              '  </mms>\n  ',
              1647605000000, person("+9647500000003", "+9647500000003"), "أنا قادم الآن", "Sara Haddad, Omar Aziz",
              ["+9647500000003", "+9647700000001", "+9647700000009"]),
        # Sent (msg_box 2): the owner, whose own number is the `from` address here. The video
        # part has no data: the backup left it out.
        event('<mms date="1647606000000" msg_box="2" address="+9647700000001" m_type="128" '
              'ct_t="application/vnd.wap.multipart.related" sub="null" read="1" '
              'readable_date="18 Mar 2022 12:20:00 PM" contact_name="Sara Haddad">\n'
              '    <parts>\n'
              '      <part seq="0" ct="video/mp4" name="VID_0007.mp4" chset="null" cd="null" fn="null" '
              'cid="&lt;VID_0007&gt;" cl="VID_0007.mp4" ctt_s="null" ctt_t="null" text="null" />\n'
              '    </parts>\n'
              '    <addrs>\n'
              '      <addr address="+9647700000009" type="137" charset="106" />\n'
              '      <addr address="+9647700000001" type="151" charset="106" />\n'
              '    </addrs>\n'
              '  </mms>\n',
              1647606000000, person(OWNER, "+9647700000009"), None, "Sara Haddad", ["+9647700000009", "+9647700000001"],
              kind="media", attachments=[{"name": "VID_0007.mp4", "status": "omitted", "media": "video"}]),
        container("</smses>\n"),
    ],
)

fixture(
    "sms-truncated", "Broken records: unknown type, a date that is no number, a stray element and text, an MMS cut off by the end of the file.",
    [
        container(PROLOG + '<smses count="6" backup_set="1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809" '
                  'backup_date="1647766812000" type="full">\n  '),
        event('<sms protocol="0" address="+9647700000001" date="1647604560000" type="1" subject="null" body="Call me" '
              'toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" contact_name="Sara Haddad" />\n  ',
              1647604560000, person("Sara Haddad", "+9647700000001"), "Call me", "Sara Haddad", ["Sara Haddad", OWNER]),
        # Type 9 is none of the app's types: who sent it cannot be said.
        malformed('<sms protocol="0" address="+9647700000001" date="1647604600000" type="9" body="?" contact_name="Sara Haddad" />\n  '),
        # A date that is not a number.
        malformed('<sms protocol="0" address="+9647700000001" date="yesterday" type="1" body="late" contact_name="Sara Haddad" />\n  '),
        # An element the backup never writes, then text outside any element: one malformed
        # stretch, up to the next element the backup does write.
        malformed('<note text="added by hand" />\n  stray words\n  '),
        # The file ends inside a part: the MMS runs to the end of the file.
        malformed('<mms date="1647606000000" msg_box="1" address="+9647700000001" contact_name="Sara Haddad">\n'
                  '    <parts>\n'
                  '      <part seq="0" ct="image/jpeg" name="IMG_0001.jpg" cl="IMG_0001.jpg" data="/9j/4AAQSkZJRgABAQ'),
    ],
)

fixture(
    "calls", "A call log backup from the same app: incoming, outgoing, missed with a hidden number.",
    [
        container("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
                  "<!--File Created By SMS Backup & Restore v10.18.003 on 20/03/2022 09:00:30-->\n"
                  '<?xml-stylesheet type="text/xsl" href="calls.xsl"?>\n'
                  '<calls count="3" backup_set="9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0" backup_date="1647766830000" type="full">\n  '),
        event('<call number="+9647700000001" duration="95" date="1647604800000" type="1" presentation="1" '
              'subscription_id="1" post_dial_digits="" subscription_component_name="null" '
              'readable_date="18 Mar 2022 3:00:00 PM" contact_name="Sara Haddad" />\n  ',
              1647604800000, person("Sara Haddad", "+9647700000001"), "Incoming call (95 seconds)", "Sara Haddad",
              ["Sara Haddad", OWNER], kind="call"),
        event('<call number="+9647700000001" duration="0" date="1647605100000" type="2" presentation="1" '
              'subscription_id="1" post_dial_digits="" subscription_component_name="null" '
              'readable_date="18 Mar 2022 3:05:00 PM" contact_name="Sara Haddad" />\n  ',
              1647605100000, person(OWNER), "Outgoing call", "Sara Haddad", ["Sara Haddad", OWNER], kind="call"),
        # A hidden number: no number, no contact, so no sender and no title.
        event('<call number="" duration="0" date="1647605400000" type="3" presentation="2" subscription_id="1" '
              'post_dial_digits="" subscription_component_name="null" readable_date="18 Mar 2022 3:10:00 PM" '
              'contact_name="(Unknown)" />\n',
              1647605400000, None, "Missed call", None, [OWNER], kind="call"),
        container("</calls>\n"),
    ],
    zone="Asia/Baghdad", zone_basis="given-to-timeline",
)


# --- bookkeeping ----------------------------------------------------------------------------


def times(ms, zone_name, basis):
    """`time`, `local_time` and `zone` for an instant; without a zone, UTC with basis source-instant."""
    instant = datetime.fromtimestamp(ms // 1000, tz=timezone.utc)
    utc = instant.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms % 1000:03d}Z"
    if zone_name is None:
        return utc, instant.strftime("%Y-%m-%dT%H:%M:%S"), {"basis": "source-instant", "offset": "+00:00"}
    local = instant.astimezone(ZoneInfo(zone_name))
    minutes = int(local.utcoffset().total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    zone = {"basis": basis, "name": zone_name, "offset": f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"}
    return utc, local.strftime("%Y-%m-%dT%H:%M:%S"), zone


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def build(fx):
    chunks = [raw.encode("utf-8") for raw, _ in fx["events"]]
    data = b"".join(chunks)
    digest = hashlib.sha256(data).hexdigest()
    lines, offset = [], 0
    for chunk, (_, e) in zip(chunks, fx["events"]):
        event = {
            "v": 1, "time": None, "local_time": None, "zone": None, "platform": "sms",
            "conversation": {"title": None, "participants": []}, "sender": None, "kind": e["kind"], "text": None,
            "attachments": [], "reply_to": None, "forwarded_from": None,
            "source": {"exhibit": fx["exhibit"], "sha256": digest, "offset": offset, "length": len(chunk),
                       "line": data[:offset].count(b"\n") + 1},
            "parser": {"name": "sms-backup-xml", "version": "1"},
        }
        if "reason" in e:
            event["reason"] = e["reason"]
        else:
            event["time"], event["local_time"], event["zone"] = times(e["ms"], fx["zone"], fx["zone_basis"])
            event.update(sender=e["sender"], text=e["text"], attachments=e["attachments"],
                         conversation={"title": e["title"], "participants": e["participants"]})
        lines.append(canonical(event))
        offset += len(chunk)
    return data, lines


def main():
    for fx in FIXTURES:
        data, lines = build(fx)
        (HERE / f"{fx['name']}.xml").write_bytes(data)
        (HERE / f"{fx['name']}.events.jsonl").write_text("".join(l + "\n" for l in lines), encoding="utf-8")
        options = {"about": fx["about"], "exhibit": fx["exhibit"], "zone": fx["zone"],
                   "zone_basis": fx["zone_basis"] if fx["zone"] else None}
        (HERE / f"{fx['name']}.options.json").write_text(
            json.dumps(options, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(FIXTURES)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()
