# One test per kind of bad input (SPEC §1.2): exit code 2 and exactly the loader's
# Error::to_string() on stderr. Each bad/*.csv has a good row on line 2 and the bad row on
# line 3.
function(contactkpi_bad_input name message)
  contactkpi_cli_test(bad_${name} ARGS "report|--contacts|bad/${name}.csv" EXIT 2 STDERR "${message}")
endfunction()
contactkpi_bad_input(bad_timestamp
  "bad/bad_timestamp.csv:3: column 'arrived_at': bad timestamp (out of range) '2026-13-01T09:00:00Z' (bad_timestamp)")
contactkpi_bad_input(missing_arrived
  "bad/missing_arrived.csv:3: column 'arrived_at': missing value (missing_value)")
contactkpi_bad_input(duplicate_id
  "bad/duplicate_id.csv:3: column 'contact_id': duplicate contact_id 'c1' (duplicate_id)")
contactkpi_bad_input(negative_duration
  "bad/negative_duration.csv:3: column 'talk_s': negative duration '-5' (negative_duration)")
contactkpi_bad_input(answered_before_arrived
  "bad/answered_before_arrived.csv:3: column 'answered_at': answered_at is before arrived_at '2026-03-02T09:59:00Z' (time_order)")
contactkpi_bad_input(ended_before_arrived
  "bad/ended_before_arrived.csv:3: column 'ended_at': ended_at is before arrived_at '2026-03-02T09:00:00Z' (time_order)")
contactkpi_bad_input(abandoned_and_answered
  "bad/abandoned_and_answered.csv:3: column 'abandoned': abandoned but has an answered_at 'true' (abandoned_answered)")
contactkpi_bad_input(score_out_of_range
  "bad/score_out_of_range.csv:3: column 'qa_score': out of range (0..100) '101' (out_of_range)")
contactkpi_bad_input(bad_channel
  "bad/bad_channel.csv:3: column 'channel': bad channel (voice, chat, email, sms, social, video, other) 'pigeon' (bad_enum)")
contactkpi_bad_input(bad_bool
  "bad/bad_bool.csv:3: column 'abandoned': bad boolean (true/false, 1/0, yes/no, y/n) 'maybe' (bad_bool)")
contactkpi_cli_test(bad_survey_nps_fraction
  ARGS "report|--contacts|data/contacts.csv|--surveys|bad/survey_nps_fraction.csv" EXIT 2
  STDERR "bad/survey_nps_fraction.csv:3: column 'nps': out of range (whole number 0..10) '7.5' (out_of_range)")
contactkpi_cli_test(bad_missing_file ARGS "report|--contacts|no/such/file.csv" EXIT 2
  STDERR "no/such/file.csv: cannot read the file: No such file or directory (io_error)")
# The same rows with --skip-invalid: counted per reason, the report goes on.
contactkpi_cli_test(skip_invalid_text ARGS "report|--contacts|bad/several_bad.csv|--skip-invalid"
  STDOUT_REGEX "5 rows read, 2 used, 3 skipped \\(bad_timestamp 1, duplicate_id 1, out_of_range 1\\)")
# With grouping the report keeps a contact-id index, so the contacts are first loaded without
# the duplicate-id check, and loaded again with it when the index finds a repeated id (c1):
# the same outcome, in both modes; --timings shows the second load ("recheck").
contactkpi_cli_test(duplicate_id_indexed ARGS "report|--contacts|bad/duplicate_id.csv|--by|channel"
  EXIT 2 STDERR "bad/duplicate_id.csv:3: column 'contact_id': duplicate contact_id 'c1' (duplicate_id)")
contactkpi_cli_test(skip_invalid_indexed
  ARGS "report|--contacts|bad/several_bad.csv|--skip-invalid|--by|channel|--timings"
  STDOUT_REGEX "5 rows read, 2 used, 3 skipped \\(bad_timestamp 1, duplicate_id 1, out_of_range 1\\)"
  STDERR_REGEX "contactkpi: contacts .*contactkpi: recheck .*contactkpi: merge ")
# ... and which rows, on stderr: lines 3 (month 13), 4 (c1 again) and 5 (qa_score 101).
contactkpi_cli_test(skip_invalid_stderr ARGS "report|--contacts|bad/several_bad.csv|--skip-invalid"
  STDERR_REGEX "^contactkpi: skipped bad/several_bad.csv:3: column 'arrived_at': bad timestamp .*contactkpi: skipped bad/several_bad.csv:4: .*duplicate_id.*contactkpi: skipped bad/several_bad.csv:5: column 'qa_score'.*out_of_range")
# Invalid UTF-8 is bad input; skipped, the JSON report is still valid (json_check parses it).
contactkpi_bad_input(bad_utf8
  "bad/bad_utf8.csv:2: column 'segment': invalid UTF-8 'g\\xFF\\xFEld' (bad_utf8)")
contactkpi_cli_test(bad_utf8_skipped
  ARGS "report|--contacts|bad/bad_utf8.csv|--skip-invalid|--by|segment|--format|json"
  EXPECT expect_bad_utf8_skipped.txt)
# An all-time row beside a period row: found when all rows are in, still exit 2.
contactkpi_cli_test(bad_segments_mixed
  ARGS "report|--contacts|data/contacts.csv|--segments|bad/segments_mixed.csv" EXIT 2
  STDERR "contactkpi: bad/segments_mixed.csv: segment sizes: segment \"gold\": an all-time row beside period rows")
