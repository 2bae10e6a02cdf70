module vocheck/conformance/gotemplate

go 1.26
