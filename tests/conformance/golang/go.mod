module vocheck.example/conformance/golang

go 1.26
