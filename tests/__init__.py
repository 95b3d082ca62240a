"""The tests, laid out like the package: each folder a package, so like-named modules stay apart."""
