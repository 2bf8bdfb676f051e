// The Catch2 main of s390x_tests; the test cases live in the files beside it.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
