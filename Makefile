# make run   installs what is missing, builds release, wraps your shell in a recorded session
# make test  installs what is missing, builds, runs every test
# make bench builds release and prints the benchmark figures (not part of make test)
SWIFT ?= swift
BIN := .build/release/scrollvault

.PHONY: deps build release run test tsan bench bench-fleet checks man completions fuzz clean

deps:
	@./scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	$(BIN) run

# The team-server tests get a throwaway PostgreSQL (scripts/with-postgres.sh), stopped at the end.
test: deps
	$(SWIFT) build --build-tests
	./scripts/with-postgres.sh $(SWIFT) test --skip-build

# make tsan  runs the suites that start threads under ThreadSanitizer, in a build directory of
# its own (.build/tsan) so the normal debug build is left as it is. TSAN_FILTER picks the suites.
TSAN_FILTER ?= SupportTests|PTYTests|RecorderTests\.(OutputChannelTests|LineAssemblyThreadTests|BackgroundCatchUpTests|ImporterTests)|ArchiveTests\.(WriterTests|ScreenTailTests|SearchTests)
tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build/tsan
	$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build/tsan --filter '$(TSAN_FILTER)'

bench: release
	./scripts/bench.sh

# make bench-fleet  sync rate and remote search latency against a throwaway local PostgreSQL
bench-fleet: release
	./scripts/bench-fleet.sh

checks: release
	../shared/checks/run-all

# The man page is generated from the command definitions (swift-argument-parser's plugin),
# finished by scripts/finish-man-page.py (paragraphs, EXIT STATUS from the root help's table,
# ENVIRONMENT and FILES, which the plugin cannot write) and committed as docs/scrollvault.1;
# shell completions come from the binary itself.
man:
	$(SWIFT) package --allow-writing-to-package-directory generate-manual
	python3 scripts/finish-man-page.py .build/plugins/GenerateManual/outputs/scrollvault/scrollvault.1 > docs/scrollvault.1

completions: release
	mkdir -p .build/completions
	$(BIN) --generate-completion-script bash > .build/completions/scrollvault.bash
	$(BIN) --generate-completion-script zsh > .build/completions/_scrollvault
	$(BIN) --generate-completion-script fish > .build/completions/scrollvault.fish

# make fuzz  builds the libFuzzer targets (Fuzz/) and runs each for FUZZ_SECONDS (default 300)
FUZZ_SECONDS ?= 300
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) ./scripts/fuzz.sh

clean:
	rm -rf .build
