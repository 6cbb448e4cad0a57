#!/bin/sh
# Fuzzing, bounded in time: `make fuzz` (10 minutes), `make fuzz FUZZ_TIME=3600`.
#
# 1. libFuzzer harnesses (Fuzz/Harnesses), compiled with -sanitize=fuzzer,address against
#    the package's modules, built into .build/fuzz with coverage and AddressSanitizer:
#      incident  the JSON parser, the incident reader, evaluation and both reports
#      policy    the YAML loader, the rule compiler, diagnostics, graphs, evaluation
#      expression  the condition language in several scopes
#    Corpora are seeded from Examples/ and Policies/ and kept in .build/fuzz/corpus, so
#    that a later run starts where the last one stopped; crashes are written to
#    .build/fuzz/artifacts (a crash's input, to replay: .build/fuzz/bin/NAME FILE).
# 2. scripts/cli-fuzz.py: mutated incidents through the release binary, checking the
#    invariants of the command line (exit statuses, output, order, determinism).
#
# FUZZ_TIME is the whole run in seconds, shared out: a fifth to each harness, two fifths to
# the command line. Exits 1 when anything was found. Not part of `make test`.
set -eu
cd "$(dirname "$0")/.."
TIME=${FUZZ_TIME:-600}
B=.build/fuzz
SWIFT=${SWIFT:-swift}
mkdir -p "$B/bin" "$B/artifacts" "$B/corpus"

echo "== building the package's modules with coverage and AddressSanitizer ($B)"
"$SWIFT" build -c release --scratch-path "$B" --target PolicyEval \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xcc -fsanitize=fuzzer-no-link,address

# Every object file of PolicyEval and the modules it is built from (names may hold spaces).
R="$B/release"
OBJS="$B/objects.rsp"
: > "$OBJS"
for d in "$R"/*.build; do
  case "$(basename "$d" .build)" in
    PolicyEval|PolicyTime|YAMLSource|Collections|BitCollections|DequeModule|HashTreeCollections|HeapModule|\
    OrderedCollections|InternalCollectionsUtilities|_RopeModule|SortedCollections|BasicContainers|ContainersPreview|TrailingElementsModule)
      for o in "$d"/*.o; do [ -e "$o" ] && printf '"%s"\n' "$o" >> "$OBJS"; done ;;
  esac
done

for h in incident:IncidentJSON policy:YAMLPolicy expression:Expression; do
  name=${h%%:*}; file=${h#*:}
  if [ ! -x "$B/bin/$name" ] || [ -n "$(find Fuzz/Harnesses "$R/PolicyEval.build" -newer "$B/bin/$name" -name '*.swift' -o -newer "$B/bin/$name" -name '*.o' | head -1)" ]; then
    echo "== compiling the $name harness"
    # (gold warns about every AddressSanitizer symbol it cannot export: kept in the log)
    "${SWIFT}c" -O -sanitize=fuzzer,address -parse-as-library -module-name "Fuzz_$name" \
      -I "$R/Modules" -I Sources/CLibYAML -Xcc -fmodule-map-file=Sources/CLibYAML/module.modulemap \
      Fuzz/Harnesses/Common.swift "Fuzz/Harnesses/$file.swift" @"$OBJS" -lyaml -o "$B/bin/$name" \
      > "$B/$name.link.log" 2>&1 || { grep -v "Cannot export local symbol" "$B/$name.link.log"; exit 2; }
  fi
done

echo "== seeding corpora from Examples/ and Policies/"
mkdir -p "$B/corpus/incident" "$B/corpus/policy" "$B/corpus/expression"
cp Examples/*.json "$B/corpus/incident/"
for f in Policies/*/*.yaml Policies/vocabulary.yaml Policies/calendars/*.yaml Tests/PolicyEvalTests/Golden/*.yaml; do
  [ -e "$f" ] && cp "$f" "$B/corpus/policy/$(echo "$f" | tr / _)"
done
# Every condition in the shipped policies, one a file.
grep -ho "\(if\|only_if\|while\): '[^']*'" Policies/*/*.yaml | sed "s/^[a-z_]*: '//; s/'\$//" | sort -u | {
  n=0; while IFS= read -r line; do n=$((n + 1)); printf '%s' "$line" > "$B/corpus/expression/seed-$n"; done; }
python3 scripts/cli-fuzz.py --dictionaries "$B"

share=$((TIME / 5))
[ "$share" -ge 10 ] || share=10
found=0
for name in incident policy expression; do
  echo "== fuzzing $name for ${share}s"
  log="$B/$name.log"
  if ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$B/bin/$name" "$B/corpus/$name" \
       -max_total_time="$share" -timeout=20 -rss_limit_mb=3072 -max_len=65536 -dict="$B/$name.dict" \
       -artifact_prefix="$B/artifacts/$name-" -print_final_stats=1 > "$log" 2>&1; then
    :
  else
    found=1
    echo "   FOUND: see $log and $B/artifacts/"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#.*DONE" "$log" | sed 's/^/   /' || true
done

echo "== the command line for $((TIME - 3 * share))s"
"$SWIFT" build -c release --product policyeval
python3 scripts/cli-fuzz.py --binary .build/release/policyeval --seconds $((TIME - 3 * share)) --out "$B/cli" || found=1
exit $found
