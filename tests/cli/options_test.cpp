// The rptdose option table (src/cli/options.hpp): typed validators, uniform messages, generated help.
#include <gtest/gtest.h>
#include <algorithm>

#include <stdexcept>
#include <string>
#include <vector>

#include "../../src/cli/arguments.hpp"
#include "../../src/cli/options.hpp"
#include "rptdose/core/error.hpp"

namespace rptdose::cli {
namespace {

enum class Colour { Red, Green };

Colour parse_colour(std::string_view name) {
  if (name == "red") return Colour::Red;
  if (name == "green") return Colour::Green;
  throw InvalidInput("unknown colour '" + std::string(name) + "': use red or green");
}

const CommandSpec kSpec{
    .name = "test",
    .description = "A command for the tests.",
    .options = {number("dose", "GY", "absorbed dose").required(),
                number("factor", "X", "a positive factor", positive()).needs("json"), threads_option(),
                choice("mode", "MODE", "fast or exact", {"fast", "exact"}),
                typed("colour", "NAME", "red or green", parse_colour), path("out", "DIR", "output folder"),
                text("label", "TEXT", "a label").repeatable(),
                name_number("alpha-beta", "ORGAN:GY", "alpha/beta of an organ", "kidney:2.6").repeatable(),
                numbers("spacing", "X[,Y,Z]", "voxel size (mm)", 3, positive()).conflicts("radius"),
                numbers("half-size", "N[,N,N]", "half size", 3, whole_between(0, 200)),
                number("radius", "R", "radius (mm)", at_least(0.0)), flag("json", "print JSON")},
    .positional = {"NAME", 0, 1},
};

/// Parses `args`, with the required --dose 2 in front unless they give --dose themselves.
ParsedOptions parse(std::vector<std::string> args) {
  const bool has_dose =
      std::any_of(args.begin(), args.end(), [](const std::string& a) { return a.rfind("--dose", 0) == 0; });
  if (!has_dose) args.insert(args.begin(), {"--dose", "2"});
  return kSpec.parse(args);
}

/// The message of the InvalidInput that parsing `args` throws (fails the test if it throws none).
std::string error_of(const std::vector<std::string>& args) {
  try {
    parse(args);
  } catch (const InvalidInput& error) {
    return error.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(Options, ReadsEveryKindAsItsType) {
  const auto parsed = parse({"Lu-177", "--threads", "8", "--mode=exact", "--colour", "green", "--out", "results",
                             "--spacing", "2,3,4.8", "--half-size", "2", "--json", "--factor", "1.5"});
  EXPECT_EQ(parsed.value<double>("dose"), 2.0);
  EXPECT_EQ(parsed.whole("threads"), 8u);
  EXPECT_EQ(parsed.choice("mode"), 1u);
  EXPECT_EQ(parsed.get<Colour>("colour"), Colour::Green);
  EXPECT_EQ(parsed.path("out"), std::filesystem::path("results"));
  EXPECT_EQ(parsed.numbers("spacing"), (std::vector<double>{2.0, 3.0, 4.8}));
  EXPECT_EQ(parsed.numbers("half-size"), (std::vector<double>{2.0, 2.0, 2.0}));  // one value: used for all three
  EXPECT_EQ(parsed.number("factor"), 1.5);
  EXPECT_TRUE(parsed.flag("json"));
  EXPECT_EQ(parsed.positional(), std::vector<std::string>{"Lu-177"});
}

TEST(Options, AbsentOptionsAreEmpty) {
  const auto parsed = parse({});
  EXPECT_FALSE(parsed.number("radius"));
  EXPECT_FALSE(parsed.has("out"));
  EXPECT_FALSE(parsed.flag("json"));
  EXPECT_EQ(parsed.whole("threads").value_or(0), 0u);
  EXPECT_TRUE(parsed.all<std::string>("label").empty());
  EXPECT_TRUE(parsed.positional().empty());
}

TEST(Options, NegativeNumbersAreValuesNotOptions) {
  EXPECT_EQ(parse({"--dose", "-1"}).number("dose"), -1.0);
}

TEST(Options, RepeatableOptionsKeepEveryValueInOrder) {
  const auto parsed = parse({"--label", "a", "--alpha-beta", "kidney:2.6", "--label=b", "--alpha-beta", "a:b:3"});
  EXPECT_EQ(parsed.all<std::string>("label"), (std::vector<std::string>{"a", "b"}));
  const auto pairs = parsed.all<NameNumber>("alpha-beta");
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].name, "kidney");
  EXPECT_EQ(pairs[0].value, 2.6);
  EXPECT_EQ(pairs[1].name, "a:b");  // split at the last ':'
  EXPECT_EQ(pairs[1].value, 3.0);
}

TEST(Options, NumbersThatAreNotNumbersOrOutOfRangeAreRefused) {
  EXPECT_EQ(error_of({"--dose", "two"}), "--dose 'two' is not a number");
  EXPECT_EQ(error_of({"--dose", "2x"}), "--dose '2x' is not a number");
  EXPECT_EQ(error_of({"--dose", "inf"}), "--dose 'inf' is not a finite number");
  EXPECT_EQ(error_of({"--factor", "0", "--json"}), "--factor '0' must be positive");
  EXPECT_EQ(error_of({"--radius", "-1"}), "--radius '-1' must be ≥ 0");
}

TEST(Options, WholeNumbersAreCheckedAgainstTheirRange) {
  for (const char* bad : {"0", "1025", "2.5", "-3"})
    EXPECT_EQ(error_of({"--threads", bad}),
              "--threads '" + std::string(bad) + "' must be a whole number from 1 to 1024");
  EXPECT_EQ(error_of({"--threads", "many"}), "--threads 'many' is not a number");
}

TEST(Options, ChoicesAndTypedValuesNameTheAlternatives) {
  EXPECT_EQ(error_of({"--mode", "slow"}), "--mode 'slow' must be one of: fast, exact");
  EXPECT_EQ(error_of({"--colour", "blue"}), "--colour: unknown colour 'blue': use red or green");
}

TEST(Options, NameNumberPairsQuoteTheExample) {
  for (const char* bad : {"liver", ":2", "liver:", "liver:x"})
    EXPECT_EQ(error_of({"--alpha-beta", bad}),
              "--alpha-beta '" + std::string(bad) + "': expected NAME:NUMBER, e.g. kidney:2.6");
}

TEST(Options, CommaSeparatedNumbersTakeOneOrAllValues) {
  EXPECT_EQ(error_of({"--spacing", "1,2"}), "--spacing '1,2' must be one value or 3 comma-separated values (x,y,z)");
  EXPECT_EQ(error_of({"--spacing", "0"}), "--spacing '0' must be positive");
  EXPECT_EQ(error_of({"--spacing", "4,0,4"}), "--spacing '4,0,4': '0' must be positive");
  EXPECT_EQ(error_of({"--spacing", "4,,4"}), "--spacing '4,,4': '' is not a number");
  EXPECT_EQ(error_of({"--half-size", "1,2.5,1"}), "--half-size '1,2.5,1': '2.5' must be a whole number from 0 to 200");
}

TEST(Options, UsageErrorsHaveUniformMessages) {
  EXPECT_EQ(error_of({"--bogus"}), "unknown option --bogus (see rptdose test --help)");
  EXPECT_EQ(error_of({"--out"}), "option --out needs a value: --out DIR");
  EXPECT_EQ(error_of({"--out="}), "option --out needs a value: --out DIR");
  EXPECT_EQ(error_of({"--json=yes"}), "option --json takes no value");
  EXPECT_EQ(error_of({"--radius", "1", "--radius", "2"}), "--radius is given twice: give it once");
  EXPECT_EQ(error_of({"--json", "--json"}), "--json is given twice: give it once");
  EXPECT_EQ(error_of({"a", "b"}), "unexpected argument 'b' (see rptdose test --help)");
  EXPECT_EQ(error_of({"--factor", "2"}), "--factor needs --json too (see rptdose test --help)");
  EXPECT_EQ(error_of({"--spacing", "2", "--radius", "3"}), "give either --spacing or --radius, not both");
}

TEST(Options, RequiredOptionsAndPositionalsMustBeGiven) {
  try {
    kSpec.parse({"--json"});
    FAIL() << "no error";
  } catch (const InvalidInput& error) {
    EXPECT_STREQ(error.what(), "give --dose GY (see rptdose test --help)");
  }
  const CommandSpec needs_name{.name = "n", .description = "", .options = {}, .positional = {"NAME", 1, 1}};
  EXPECT_THROW(needs_name.parse({"a", "b"}), InvalidInput);
  try {
    needs_name.parse({"--"});  // "--" alone is an argument, not an option
    needs_name.parse({"x"});
  } catch (const InvalidInput&) {
    FAIL() << "one NAME is what the command takes";
  }
  const auto parsed = parse({});
  try {
    parsed.value<std::filesystem::path>("out");  // a value this use of the command needs
    FAIL() << "no error";
  } catch (const InvalidInput& error) {
    EXPECT_STREQ(error.what(), "give --out DIR (see rptdose test --help)");
  }
}

TEST(Options, HelpIsGeneratedFromTheTable) {
  try {
    parse({"--mode", "slow", "--help"});  // --help wins over bad values
    FAIL() << "no help";
  } catch (const HelpRequested& help) {
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_EQ(help.text, kSpec.help());
  }
  const std::string help = kSpec.help();
  EXPECT_EQ(help.rfind("usage: rptdose test NAME --dose GY [--factor X] [--threads N]", 0), 0u) << help;
  EXPECT_NE(help.find("\n         [--label TEXT ...]"), std::string::npos) << help;  // wrapped, repeatable
  EXPECT_NE(help.find("A command for the tests.\n\noptions:\n"), std::string::npos) << help;
  EXPECT_NE(help.find("\n  --dose GY                 absorbed dose\n"), std::string::npos) << help;
  EXPECT_NE(help.find("\n  --label TEXT              a label (repeatable)\n"), std::string::npos) << help;
  EXPECT_NE(help.find("\n  --help                    show this help\n"), std::string::npos) << help;
}

TEST(Options, NoArgumentsShowHelpWithExitCode2OnlyWhenTheCommandNeedsSome) {
  try {
    kSpec.parse({});
    FAIL() << "no help";
  } catch (const HelpRequested& help) {
    EXPECT_EQ(help.exit_code, 2);
  }
  const CommandSpec optional_only{.name = "o", .description = "", .options = {flag("json", "JSON")}};
  EXPECT_FALSE(optional_only.parse({}).flag("json"));
}

TEST(Options, MisuseByTheCommandIsALogicError) {
  const auto parsed = parse({"--out", "x"});
  EXPECT_THROW(parsed.number("out"), std::logic_error);      // a path, not a number
  EXPECT_THROW(parsed.number("nothing"), std::logic_error);  // not in the table
  const CommandSpec twice{.name = "t", .description = "", .options = {flag("a", ""), flag("a", "")}};
  EXPECT_THROW(twice.parse({"--a"}), std::logic_error);
  const CommandSpec dangling{.name = "d", .description = "", .options = {flag("a", "").needs("b")}};
  EXPECT_THROW(dangling.parse({"--a"}), std::logic_error);
}

TEST(LegacyArguments, ReadThroughTheOptionTable) {
  const Arguments parsed({"--summary", "s.json", "--json", "x"}, {{"summary", "FILE", ""}, {"json", "", ""}}, 1);
  EXPECT_EQ(parsed.value("summary"), "s.json");
  EXPECT_TRUE(parsed.flag("json"));
  EXPECT_EQ(parsed.positional(), std::vector<std::string>{"x"});
  EXPECT_THROW(Arguments({"--bogus"}, {}, 0), InvalidInput);
  EXPECT_EQ(parse_number("2.5", "dose"), 2.5);
  try {
    parse_number("two", "dose");
    FAIL() << "no error";
  } catch (const InvalidInput& error) {
    EXPECT_STREQ(error.what(), "--dose 'two' is not a number");
  }
  EXPECT_EQ(organ_number("liver:1.2e-6", "s", "liver:1.2e-6").second, 1.2e-6);
  std::vector<std::string> args{"--limit", "a", "--json", "--limit=b"};
  EXPECT_EQ(take_repeated(args, "limit"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(args, std::vector<std::string>{"--json"});
}

}  // namespace
}  // namespace rptdose::cli
