// The one Catch2 main every unit-test executable links (irc_test_main): compiling
// Catch's main once instead of once per executable saves minutes of build on CI.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
