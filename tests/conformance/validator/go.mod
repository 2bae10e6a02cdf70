module vocheck.example/conformance/validator

go 1.26
