#!/usr/bin/env python3
"""Regenerates the bad-input corpus in this folder and its MANIFEST.tsv.

Each file holds exactly ONE fault; everything else in it is valid (SPEC §1.1). The files are
committed, so the tests do not need Python; run this only to change the corpus:

    python3 tests/data/bad/make_corpus.py

MANIFEST.tsv columns:
  file      file name in this folder (.csv, .json or .jsonl: the format)
  record    contacts | interactions | surveys | segments
  line      1-based physical line of the error (the row's first line; 1 = header)
  column    field the error names; '-' = none (a whole-row or whole-file error)
  reason    the loader's reason code (io::Error::reason)
  scope     row  = OnError::skip skips that row and goes on: rows_read/rows_skipped below
            file = the file cannot be read at all: ParseError in both modes
  read      rows_read expected with OnError::skip (row scope only; '-' for file scope)
  skipped   rows_skipped expected with OnError::skip
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

CONTACT_COLS = ["contact_id", "customer_id", "segment", "channel", "direction", "queue",
                "agent_id", "reason", "arrived_at", "answered_at", "ended_at", "talk_s",
                "hold_s", "acw_s", "abandoned", "transferred", "resolved", "qa_score"]


def contact(i, **over):
    """A valid answered inbound contact number i (arrives at 09:0i, waits 15 s, 5 min talk)."""
    d = {"contact_id": f"c{i}", "customer_id": f"u{i}", "segment": "retail",
         "channel": "voice", "direction": "inbound", "queue": "billing", "agent_id": "a1",
         "reason": "invoice", "arrived_at": f"2026-03-02T09:0{i}:00Z",
         "answered_at": f"2026-03-02T09:0{i}:15Z", "ended_at": f"2026-03-02T09:0{i + 5}:15Z"
         if i + 5 < 10 else f"2026-03-02T09:{i + 5}:15Z",
         "talk_s": "280", "hold_s": "20", "acw_s": "30", "abandoned": "false",
         "transferred": "false", "resolved": "true", "qa_score": "85"}
    d.update(over)
    return d


def abandoned_contact(i, **over):
    d = contact(i, answered_at="", agent_id="", ended_at=f"2026-03-02T09:0{i}:40Z",
                talk_s="", hold_s="", acw_s="", abandoned="true", resolved="", qa_score="")
    d.update(over)
    return d


INTERACTION_COLS = ["contact_id", "agent_id", "quality_score", "started_at", "ended_at",
                    "talk_s", "hold_s", "acw_s"]


def interaction(i, **over):
    d = {"contact_id": f"c{i}", "agent_id": f"a{i}", "quality_score": "80",
         "started_at": f"2026-03-02T09:0{i}:15Z", "ended_at": f"2026-03-02T09:0{i}:55Z",
         "talk_s": "30", "hold_s": "5", "acw_s": "5"}
    d.update(over)
    return d


SURVEY_COLS = ["contact_id", "customer_id", "responded_at", "csat", "nps", "ces", "resolved",
               "comment"]


def survey(i, **over):
    d = {"contact_id": f"c{i}", "customer_id": f"u{i}",
         "responded_at": f"2026-03-03T10:0{i}:00Z", "csat": "4", "nps": "9", "ces": "6",
         "resolved": "yes", "comment": "fine, thanks"}
    d.update(over)
    return d


SEGMENT_COLS = ["segment", "customers", "period"]


def segment(i, **over):
    d = {"segment": f"s{i}", "customers": str(1000 * i), "period": "2026-03"}
    d.update(over)
    return d


def csv_field(v):
    if any(ch in v for ch in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def csv_line(cols, d):
    return ",".join(csv_field(d[c]) for c in cols)


manifest = []


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def case(name, record, line, column, reason, scope, read="-", skipped="-"):
    manifest.append((name, record, str(line), column, reason, scope, str(read), str(skipped)))


def csv_case(name, record, cols, rows, line, column, reason, scope="row", raw=None):
    """rows: list of dicts; raw: {row index: raw line text} replacing a generated row."""
    lines = [",".join(cols)]
    for k, d in enumerate(rows):
        lines.append(raw[k] if raw and raw.get(k) is not None else csv_line(cols, d))
    write(name, "\n".join(lines) + "\n")
    if scope == "row":
        case(name, record, line, column, reason, scope, len(rows), 1)
    else:
        case(name, record, line, column, reason, scope)


def contacts_case(name, bad, line_col_reason, scope="row", raw=None):
    """Four contacts; the third (line 4) is `bad`."""
    rows = [contact(1), abandoned_contact(2), bad, contact(4)]
    line, column, reason = line_col_reason
    csv_case(name, "contacts", CONTACT_COLS, rows, line, column, reason, scope, raw)


# ---- contacts.csv: values -----------------------------------------------------------------
T = "2026-03-02T09:03:00Z"
contacts_case("contacts_duplicate_id.csv", contact(3, contact_id="c1"),
              (4, "contact_id", "duplicate_id"))
contacts_case("contacts_missing_contact_id.csv", contact(3, contact_id=""),
              (4, "contact_id", "missing_value"))
contacts_case("contacts_missing_arrived_at.csv", contact(3, arrived_at=""),
              (4, "arrived_at", "missing_value"))
contacts_case("contacts_missing_ended_at.csv", contact(3, ended_at=""),
              (4, "ended_at", "missing_value"))
contacts_case("contacts_bad_timestamp_words.csv", contact(3, arrived_at="yesterday"),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_bad_timestamp_month13.csv", contact(3, arrived_at="2026-13-02T09:03:00Z"),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_bad_timestamp_hour25.csv", contact(3, answered_at="2026-03-02T25:03:15Z"),
              (4, "answered_at", "bad_timestamp"))
contacts_case("contacts_feb30.csv", contact(3, arrived_at="2026-02-30T09:03:00Z"),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_feb29_not_leap.csv", contact(3, arrived_at="2026-02-29T09:03:00Z"),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_offset_out_of_range.csv",
              contact(3, arrived_at="2026-03-02T09:03:00+25:00"),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_offset_bad_minutes.csv",
              contact(3, arrived_at="2026-03-02T10:03:00+01:60"),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_missing_offset.csv", contact(3, arrived_at="2026-03-02T09:03:00"),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_date_only.csv", contact(3, ended_at="2026-03-02"),
              (4, "ended_at", "bad_timestamp"))
contacts_case("contacts_bom_in_middle.csv", contact(3, arrived_at="\ufeff" + T),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_answered_before_arrived.csv",
              contact(3, answered_at="2026-03-02T09:02:59Z"),
              (4, "answered_at", "time_order"))
contacts_case("contacts_ended_before_arrived.csv",
              abandoned_contact(3, ended_at="2026-03-02T09:02:00Z"),
              (4, "ended_at", "time_order"))
contacts_case("contacts_ended_before_answered.csv",
              contact(3, ended_at="2026-03-02T09:03:10Z"),
              (4, "ended_at", "time_order"))
contacts_case("contacts_abandoned_and_answered.csv", contact(3, abandoned="true"),
              (4, "abandoned", "abandoned_answered"))
contacts_case("contacts_negative_talk.csv", contact(3, talk_s="-1"),
              (4, "talk_s", "negative_duration"))
contacts_case("contacts_negative_hold.csv", contact(3, hold_s="-0.5"),
              (4, "hold_s", "negative_duration"))
contacts_case("contacts_negative_acw.csv", contact(3, acw_s="-30"),
              (4, "acw_s", "negative_duration"))
contacts_case("contacts_duration_too_large.csv", contact(3, talk_s="10000000000001"),
              (4, "talk_s", "bad_number"))
contacts_case("contacts_exponent_duration.csv", contact(3, talk_s="1e3"),
              (4, "talk_s", "bad_number"))
contacts_case("contacts_fraction_10_digits.csv",
              contact(3, arrived_at="2026-03-02T09:03:00.0123456789Z"),
              (4, "arrived_at", "bad_timestamp"))
contacts_case("contacts_year_5_digits.csv", contact(3, ended_at="12026-03-02T09:08:15Z"),
              (4, "ended_at", "bad_timestamp"))
contacts_case("contacts_leap_second.csv", contact(3, ended_at="2026-03-02T09:08:60Z"),
              (4, "ended_at", "bad_timestamp"))
contacts_case("contacts_nonnumeric_duration.csv", contact(3, talk_s="12s"),
              (4, "talk_s", "bad_number"))
contacts_case("contacts_nan_duration.csv", contact(3, hold_s="nan"),
              (4, "hold_s", "bad_number"))
contacts_case("contacts_inf_duration.csv", contact(3, acw_s="inf"),
              (4, "acw_s", "bad_number"))
contacts_case("contacts_qa_100_5.csv", contact(3, qa_score="100.5"),
              (4, "qa_score", "out_of_range"))
contacts_case("contacts_qa_negative.csv", contact(3, qa_score="-1"),
              (4, "qa_score", "out_of_range"))
contacts_case("contacts_qa_text.csv", contact(3, qa_score="good"),
              (4, "qa_score", "bad_number"))
contacts_case("contacts_bad_bool.csv", contact(3, transferred="maybe"),
              (4, "transferred", "bad_bool"))
contacts_case("contacts_bad_bool_2.csv", contact(3, resolved="2"),
              (4, "resolved", "bad_bool"))
contacts_case("contacts_bad_channel.csv", contact(3, channel="phone"),
              (4, "channel", "bad_enum"))
contacts_case("contacts_bad_direction.csv", contact(3, direction="incoming"),
              (4, "direction", "bad_enum"))
contacts_case("contacts_invalid_utf8.csv", contact(3), (4, "queue", "bad_utf8"),
              raw={2: None})
contacts_case("contacts_nul_byte.csv", contact(3), (4, "-", "nul_byte"), raw={2: None})
# A stray quote inside an unquoted field: the row is bad, and only that row. An unquoted
# field cannot span lines (RFC 4180 §2.6), so the reader can resync at the end of the line;
# the next row (c4) must still be read: rows_read 4, skipped 1.
contacts_case("contacts_stray_quote.csv", contact(3), (4, "-", "bad_quote"),
              raw={2: csv_line(CONTACT_COLS, contact(3)).replace(",billing,", ',bill"ing,', 1)})
contacts_case("contacts_too_many_fields.csv", contact(3), (4, "-", "field_count"),
              raw={2: csv_line(CONTACT_COLS, contact(3)) + ",extra"})
contacts_case("contacts_too_few_fields.csv", contact(3), (4, "-", "field_count"),
              raw={2: ",".join(csv_line(CONTACT_COLS, contact(3)).split(",")[:-2])})

# Raw-byte rows: patch the placeholders written above with bytes Python strings cannot hold.
def patch(name, old, new):
    p = os.path.join(HERE, name)
    with open(p, "rb") as f:
        data = f.read()
    assert data.count(old) >= 1, (name, old)
    with open(p, "wb") as f:
        f.write(data.replace(old, new, 1))


def raw_third_contact(name, field, value_bytes):
    rows = [contact(1), abandoned_contact(2), contact(3), contact(4)]
    lines = [",".join(CONTACT_COLS).encode()]
    for k, d in enumerate(rows):
        if k == 2:
            parts = [csv_field(d[c]).encode() if c != field else value_bytes
                     for c in CONTACT_COLS]
            lines.append(b",".join(parts))
        else:
            lines.append(csv_line(CONTACT_COLS, d).encode())
    write(name, b"\n".join(lines) + b"\n")


raw_third_contact("contacts_invalid_utf8.csv", "queue", b"billing\xff")
raw_third_contact("contacts_nul_byte.csv", "agent_id", b"a\x001")
contacts_case("contacts_overlong_utf8.csv", contact(3), (4, "reason", "bad_utf8"), raw={2: None})
raw_third_contact("contacts_overlong_utf8.csv", "reason", b"invoice\xc0\xaf")
contacts_case("contacts_truncated_utf8.csv", contact(3), (4, "segment", "bad_utf8"), raw={2: None})
raw_third_contact("contacts_truncated_utf8.csv", "segment", b"caf\xc3")
contacts_case("contacts_surrogate_utf8.csv", contact(3), (4, "customer_id", "bad_utf8"),
              raw={2: None})
raw_third_contact("contacts_surrogate_utf8.csv", "customer_id", b"u\xed\xa0\x803")

# A quoted multi-line field in row 1 shifts the physical line of the bad row (row 3) to 5.
rows = [contact(1, reason="invoice\nsecond line"), abandoned_contact(2),
        contact(3, channel="fax"), contact(4)]
csv_case("contacts_line_after_multiline_field.csv", "contacts", CONTACT_COLS, rows, 5,
         "channel", "bad_enum")
# CRLF throughout (valid), with the fault on line 4.
rows = [contact(1), abandoned_contact(2), contact(3, direction="sideways"), contact(4)]
write("contacts_crlf_bad_direction.csv",
      "\r\n".join([",".join(CONTACT_COLS)] + [csv_line(CONTACT_COLS, d) for d in rows]) + "\r\n")
case("contacts_crlf_bad_direction.csv", "contacts", 4, "direction", "bad_enum", "row", 4, 1)

# ---- contacts.csv: structure (whole file) ---------------------------------------------------
rows = [contact(1), abandoned_contact(2), contact(3), contact(4)]
text = [csv_line(CONTACT_COLS, d) for d in rows]
text[2] = text[2].replace(",billing,", ',"billing,', 1)  # opens a quote that never closes
write("contacts_unterminated_quote.csv", "\n".join([",".join(CONTACT_COLS)] + text) + "\n")
# Skip mode: the open quote runs to the end of the data, so rows 3 and 4 are one skipped row.
case("contacts_unterminated_quote.csv", "contacts", 4, "-", "bad_quote", "row", 3, 1)
cols = [c for c in CONTACT_COLS if c != "arrived_at"]
write("contacts_missing_column.csv",
      "\n".join([",".join(cols)] + [csv_line(cols, d) for d in rows]) + "\n")
case("contacts_missing_column.csv", "contacts", 1, "arrived_at", "missing_column", "file")
cols = [c for c in CONTACT_COLS if c != "contact_id"]
write("contacts_missing_id_column.csv",
      "\n".join([",".join(cols)] + [csv_line(cols, d) for d in rows]) + "\n")
case("contacts_missing_id_column.csv", "contacts", 1, "contact_id", "missing_column", "file")
cols = CONTACT_COLS + ["queue"]
write("contacts_duplicate_header.csv",
      "\n".join([",".join(cols)] + [csv_line(cols, d) for d in rows]) + "\n")
case("contacts_duplicate_header.csv", "contacts", 1, "queue", "duplicate_column", "file")
write("contacts_empty.csv", "")
case("contacts_empty.csv", "contacts", 0, "-", "missing_header", "file")

# ---- contacts JSON ----------------------------------------------------------------------------
def jobj(d, types=None):
    """Contact dict with CSV strings -> JSON object with natural types, empties omitted."""
    out = {}
    for k, v in d.items():
        if v == "":
            continue
        if k in ("talk_s", "hold_s", "acw_s", "qa_score", "quality_score", "csat", "nps", "ces",
                 "customers"):
            out[k] = json.loads(v)
        elif k in ("abandoned", "transferred", "resolved") and v in ("true", "false"):
            out[k] = v == "true"
        else:
            out[k] = v
    return out


def json_case(name, record, objs, line, column, reason, scope="row", raw=None):
    """A JSON array, one object per line: '[' is line 1, object k is on line k + 2."""
    body = [json.dumps(o, ensure_ascii=False) for o in objs]
    if raw:
        for k, v in raw.items():
            body[k] = v
    write(name, "[\n" + ",\n".join(body) + "\n]\n")
    if scope == "row":
        case(name, record, line, column, reason, scope, len(objs), 1)
    else:
        case(name, record, line, column, reason, scope)


def contacts_json(name, bad, line_col_reason, scope="row", raw=None):
    objs = [jobj(contact(1)), jobj(abandoned_contact(2)), bad, jobj(contact(4))]
    json_case(name, "contacts", objs, *line_col_reason, scope=scope, raw=raw)


def with_(d, **over):
    d = dict(d)
    d.update(over)
    return d


c3 = jobj(contact(3))
contacts_json("contacts_number_for_string.json", with_(c3, arrived_at=1772442180),
              (4, "arrived_at", "wrong_type"))
contacts_json("contacts_object_for_string.json", with_(c3, queue={"name": "billing"}),
              (4, "queue", "wrong_type"))
contacts_json("contacts_string_for_bool.json", with_(c3, transferred="maybe"),
              (4, "transferred", "bad_bool"))
contacts_json("contacts_bool_for_number.json", with_(c3, talk_s=True),
              (4, "talk_s", "wrong_type"))
contacts_json("contacts_negative_duration.json", with_(c3, acw_s=-5),
              (4, "acw_s", "negative_duration"))
contacts_json("contacts_abandoned_and_answered.json", with_(c3, abandoned=True),
              (4, "abandoned", "abandoned_answered"))
contacts_json("contacts_null_required.json", with_(c3, arrived_at=None),
              (4, "arrived_at", "missing_value"))
contacts_json("contacts_absent_required.json",
              {k: v for k, v in c3.items() if k != "ended_at"},
              (4, "ended_at", "missing_value"))
contacts_json("contacts_duplicate_id.json", with_(c3, contact_id="c2"),
              (4, "contact_id", "duplicate_id"))
contacts_json("contacts_qa_out_of_range.json", with_(c3, qa_score=100.5),
              (4, "qa_score", "out_of_range"))
contacts_json("contacts_element_not_object.json", 3, (4, "-", "wrong_type"))
contacts_json("contacts_duplicate_key.json", c3, (4, "queue", "duplicate_column"),
              raw={2: json.dumps(c3)[:-1] + ', "queue": "other"}'})
objs = [jobj(contact(1)), jobj(abandoned_contact(2)), c3, jobj(contact(4))]
whole = "[\n" + ",\n".join(json.dumps(o) for o in objs) + "\n]\n"
cut = whole.index('"agent_id"', whole.index('"c3"'))
# 10 000 nested arrays where a record should be: the reader must neither recurse nor crash.
lines = [json.dumps(o) for o in objs]
lines[2] = "[" * 10000 + "]" * 10000
write("contacts_deep_nesting.jsonl", "\n".join(lines) + "\n")
case("contacts_deep_nesting.jsonl", "contacts", 3, "-", "wrong_type", "row", 4, 1)
write("contacts_truncated.json", whole[:cut])
case("contacts_truncated.json", "contacts", 4, "-", "bad_json", "file")
write("contacts_not_array.json", '"contacts"\n')
case("contacts_not_array.json", "contacts", 1, "-", "wrong_type", "row", 1, 1)
write("contacts_top_level_number.json", "42\n")
case("contacts_top_level_number.json", "contacts", 1, "-", "wrong_type", "row", 1, 1)
write("contacts_invalid_utf8.json",
      ("[\n" + ",\n".join(json.dumps(o) for o in objs) + "\n]\n").encode().replace(
          b'"billing"', b'"bill\xffing"', 3).replace(b'"bill\xffing"', b'"billing"', 2))
case("contacts_invalid_utf8.json", "contacts", 4, "-", "bad_json", "file")
# JSON Lines: one object per line, the third one broken.
lines = [json.dumps(o) for o in objs]
lines[2] = lines[2][:-1] + ', "note": }'
write("contacts_bad_line.jsonl", "\n".join(lines) + "\n")
case("contacts_bad_line.jsonl", "contacts", 3, "-", "bad_json", "row", 4, 1)
lines = [json.dumps(o) for o in objs]
lines[2] = json.dumps(with_(c3, channel="pigeon"))
write("contacts_bad_channel.jsonl", "\n".join(lines) + "\n")
case("contacts_bad_channel.jsonl", "contacts", 3, "channel", "bad_enum", "row", 4, 1)

# ---- interactions ---------------------------------------------------------------------------
def interactions_case(name, bad, line, column, reason):
    rows = [interaction(1), interaction(2), bad, interaction(4)]
    csv_case(name, "interactions", INTERACTION_COLS, rows, line, column, reason)


interactions_case("interactions_quality_100_5.csv", interaction(3, quality_score="100.5"), 4,
                  "quality_score", "out_of_range")
interactions_case("interactions_quality_text.csv", interaction(3, quality_score="n/a"), 4,
                  "quality_score", "bad_number")
interactions_case("interactions_negative_talk.csv", interaction(3, talk_s="-3"), 4, "talk_s",
                  "negative_duration")
interactions_case("interactions_bad_started_at.csv",
                  interaction(3, started_at="2026-02-30T09:03:15Z"), 4, "started_at",
                  "bad_timestamp")
interactions_case("interactions_ended_before_started.csv",
                  interaction(3, ended_at="2026-03-02T09:03:00Z"), 4, "ended_at", "time_order")
interactions_case("interactions_missing_contact_id.csv", interaction(3, contact_id=""), 4,
                  "contact_id", "missing_value")
cols = [c for c in INTERACTION_COLS if c != "contact_id"]
write("interactions_missing_column.csv",
      "\n".join([",".join(cols)] + [csv_line(cols, interaction(i)) for i in (1, 2, 3)]) + "\n")
case("interactions_missing_column.csv", "interactions", 1, "contact_id", "missing_column", "file")
objs = [jobj(interaction(i)) for i in (1, 2, 3, 4)]
objs[2]["quality_score"] = "eighty"
json_case("interactions_string_for_number.json", "interactions", objs, 4, "quality_score",
          "bad_number")
objs = [jobj(interaction(i)) for i in (1, 2, 3, 4)]
objs[2]["quality_score"] = [80]
json_case("interactions_array_for_number.json", "interactions", objs, 4, "quality_score",
          "wrong_type")


# ---- surveys --------------------------------------------------------------------------------
def surveys_case(name, bad, line, column, reason):
    rows = [survey(1), survey(2, contact_id=""), bad, survey(4)]
    csv_case(name, "surveys", SURVEY_COLS, rows, line, column, reason)


surveys_case("surveys_csat_6.csv", survey(3, csat="6"), 4, "csat", "out_of_range")
surveys_case("surveys_csat_0.csv", survey(3, csat="0"), 4, "csat", "out_of_range")
surveys_case("surveys_nps_11.csv", survey(3, nps="11"), 4, "nps", "out_of_range")
surveys_case("surveys_nps_negative.csv", survey(3, nps="-1"), 4, "nps", "out_of_range")
surveys_case("surveys_nps_8_5.csv", survey(3, nps="8.5"), 4, "nps", "out_of_range")
surveys_case("surveys_ces_8.csv", survey(3, ces="8"), 4, "ces", "out_of_range")
surveys_case("surveys_bad_responded_at.csv", survey(3, responded_at="2026-03-03T10:03:00+24:00"),
             4, "responded_at", "bad_timestamp")
surveys_case("surveys_bad_resolved.csv", survey(3, resolved="perhaps"), 4, "resolved",
             "bad_bool")
objs = [jobj(survey(i)) for i in (1, 2, 3, 4)]
objs[2]["nps"] = 8.5
json_case("surveys_nps_8_5.json", "surveys", objs, 4, "nps", "out_of_range")
objs = [jobj(survey(i)) for i in (1, 2, 3, 4)]
objs[2]["csat"] = 6
json_case("surveys_csat_6.json", "surveys", objs, 4, "csat", "out_of_range")


# ---- segments -------------------------------------------------------------------------------
def segments_case(name, bad, line, column, reason):
    rows = [segment(1), segment(2, period=""), bad, segment(4, period="2026-W10")]
    csv_case(name, "segments", SEGMENT_COLS, rows, line, column, reason)


segments_case("segments_negative_customers.csv", segment(3, customers="-5"), 4, "customers",
              "out_of_range")
segments_case("segments_customers_text.csv", segment(3, customers="many"), 4, "customers",
              "bad_number")
segments_case("segments_customers_fraction.csv", segment(3, customers="12.5"), 4, "customers",
              "bad_number")
segments_case("segments_bad_period_month13.csv", segment(3, period="2026-13"), 4, "period",
              "bad_period")
segments_case("segments_bad_period_week54.csv", segment(3, period="2026-W54"), 4, "period",
              "bad_period")
segments_case("segments_bad_period_feb30.csv", segment(3, period="2026-02-30"), 4, "period",
              "bad_period")
segments_case("segments_missing_segment.csv", segment(3, segment=""), 4, "segment",
              "missing_value")
segments_case("segments_duplicate.csv", segment(1), 4, "segment", "duplicate_id")
cols = ["segment", "period"]
write("segments_missing_column.csv",
      "\n".join([",".join(cols)] + [csv_line(cols, segment(i)) for i in (1, 2)]) + "\n")
case("segments_missing_column.csv", "segments", 1, "customers", "missing_column", "file")
objs = [jobj(segment(i)) for i in (1, 2, 3, 4)]
objs[2]["customers"] = -3
json_case("segments_negative_customers.json", "segments", objs, 4, "customers", "out_of_range")

# ---- good edge cases (tests/data/edge/): NOT errors, must load cleanly ---------------------
# SPEC §1.1 allows "LF or CRLF" and an optional BOM; an RFC 4180 reader that accepts both line
# ends accepts them mixed too, so mixed line ends are valid input. A header with no rows is
# a valid, empty file ("no data"), not an error.
EDGE = os.path.join(HERE, "..", "edge")
os.makedirs(EDGE, exist_ok=True)


def write_edge(name, data):
    with open(os.path.join(EDGE, name), "wb") as f:
        f.write(data.encode("utf-8"))


rows = [contact(1), abandoned_contact(2), contact(3), contact(4)]
body = [csv_line(CONTACT_COLS, d) for d in rows]
write_edge("contacts_header_only.csv", ",".join(CONTACT_COLS) + "\n")
write_edge("contacts_header_only_no_newline.csv", ",".join(CONTACT_COLS))
write_edge("contacts_mixed_line_endings.csv",
           ",".join(CONTACT_COLS) + "\r\n" + body[0] + "\n" + body[1] + "\r\n" + body[2] +
           "\n" + body[3] + "\r\n")
write_edge("contacts_bom_crlf.csv", "\ufeff" + "\r\n".join([",".join(CONTACT_COLS)] + body))
write_edge("contacts_reordered_columns.csv",
           "\n".join([",".join(reversed(CONTACT_COLS))] +
                     [",".join(csv_field(d[c]) for c in reversed(CONTACT_COLS)) for d in rows]) +
           "\n")
write_edge("contacts_empty_array.json", "[]\n")
# An empty .json file is an empty JSON Lines file: zero records, not an error (unlike an
# empty CSV file, which lacks the required header).
write_edge("contacts_empty.json", "")
# JSON numbers are accepted for string fields (ids exported as numbers): contact_id 3 is "3".
write_edge("contacts_number_for_id.json",
           "[\n" + ",\n".join(json.dumps(o) for o in [jobj(contact(1)), jobj(abandoned_contact(2)),
                                                      with_(jobj(contact(3)), contact_id=3),
                                                      jobj(contact(4))]) + "\n]\n")

manifest.sort()
with open(os.path.join(HERE, "MANIFEST.tsv"), "w") as f:
    f.write("file\trecord\tline\tcolumn\treason\tscope\tread\tskipped\n")
    for row in manifest:
        f.write("\t".join(row) + "\n")
print(f"{len(manifest)} cases")
