// Command gotemplate answers template cases with Go's own text/template.
//
// It reads JSON lines {"template": ..., "data": {...}} on stdin and writes one
// JSON line per case: {"output": ...} or {"error": ..., "phase": "parse"|"exec"}.
// Text that is not valid UTF-8 is written base64-encoded under "output_base64"
// or "error_base64" instead, so the bytes survive JSON exactly.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"text/template"
	"unicode/utf8"
)

type request struct {
	Template string            `json:"template"`
	Data     map[string]string `json:"data"`
}

func textField(answer map[string]string, name string, value []byte) {
	if utf8.Valid(value) {
		answer[name] = string(value)
	} else {
		answer[name+"_base64"] = base64.StdEncoding.EncodeToString(value)
	}
}

func answer(req request) map[string]string {
	result := map[string]string{}
	tmpl, err := template.New("").Parse(req.Template)
	if err != nil {
		result["phase"] = "parse"
		textField(result, "error", []byte(err.Error()))
		return result
	}
	data := req.Data
	if data == nil {
		data = map[string]string{}
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, data); err != nil {
		result["phase"] = "exec"
		textField(result, "error", []byte(err.Error()))
		return result
	}
	textField(result, "output", out.Bytes())
	return result
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	encoder := json.NewEncoder(writer)
	encoder.SetEscapeHTML(false)
	for scanner.Scan() {
		var req request
		if err := json.Unmarshal(scanner.Bytes(), &req); err != nil {
			panic(err)
		}
		if err := encoder.Encode(answer(req)); err != nil {
			panic(err)
		}
	}
	if err := scanner.Err(); err != nil {
		panic(err)
	}
}
