// Command validator restates Kuma's VirtualOutbound validator (Kuma 2.14)
// around Go's own text/template, strconv and net packages, so that vocheck's
// Python port can be checked against real Go behaviour.
//
// Input: JSON lines {"id": ..., "spec": {"selectors": [{"match": {...}}],
// "conf": {"host": ..., "port": ..., "parameters": [{"name": ..., "tagKey": ...}]} or null}}.
// Output: JSON lines {"id": ..., "violations": [{"field": ..., "message": ...}]}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

type parameter struct {
	Name   string `json:"name"`
	TagKey string `json:"tagKey"`
}

type conf struct {
	Host       string      `json:"host"`
	Port       string      `json:"port"`
	Parameters []parameter `json:"parameters"`
}

type selector struct {
	Match map[string]string `json:"match"`
}

type spec struct {
	Selectors []selector `json:"selectors"`
	Conf      *conf      `json:"conf"`
}

type input struct {
	ID   string `json:"id"`
	Spec spec   `json:"spec"`
}

type violation struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

type output struct {
	ID         string      `json:"id"`
	Violations []violation `json:"violations"`
}

const serviceTag = "kuma.io/service"

var (
	tagNameChars   = regexp.MustCompile(`^[a-zA-Z0-9.\-_:/]*$`)
	selectorChars  = regexp.MustCompile(`^([a-zA-Z0-9.\-_:/]*|\*)$`)
	parameterKey   = regexp.MustCompile(`^[a-zA-Z0-9]+$`)
	dnsNamePattern = regexp.MustCompile(`^([a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62}){1}(\.[a-zA-Z0-9_]{1}[a-zA-Z0-9_-]{0,62})*[\._]?$`)
)

// isDNSName restates govalidator.IsDNSName.
func isDNSName(s string) bool {
	if s == "" || len(strings.ReplaceAll(s, ".", "")) > 255 {
		return false
	}
	if net.ParseIP(s) != nil {
		return false
	}
	return dnsNamePattern.MatchString(s)
}

func keyOf(p parameter) string {
	if p.TagKey == "" {
		return p.Name
	}
	return p.TagKey
}

func render(text string, params []parameter, tags map[string]string) (string, error) {
	data := map[string]string{}
	for _, p := range params {
		if value, ok := tags[keyOf(p)]; ok {
			data[p.Name] = value
		}
	}
	tmpl, err := template.New("").Parse(text)
	if err != nil {
		return "", fmt.Errorf("failed compiling gotemplate error=%q", err.Error())
	}
	var out strings.Builder
	if err := tmpl.Execute(&out, data); err != nil {
		return "", fmt.Errorf("pre evaluation of template with parameters failed with error=%q", err.Error())
	}
	return out.String(), nil
}

func evalHost(c *conf, tags map[string]string) error {
	s, err := render(c.Host, c.Parameters, tags)
	if err != nil {
		return err
	}
	if !isDNSName(s) {
		return fmt.Errorf("evaluation of template with parameters didn't return a valid dns name result=%q", s)
	}
	return nil
}

func evalPort(c *conf, tags map[string]string) error {
	s, err := render(c.Port, c.Parameters, tags)
	if err != nil {
		return err
	}
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("evaluation of template with parameters didn't evaluate to a parsable number result=%q", s)
	}
	if i <= 0 || i > 65535 {
		return fmt.Errorf("evaluation of template returned a port outside of the range [1..65535] result=%d", i)
	}
	return nil
}

func validate(s spec) []violation {
	out := []violation{}
	add := func(field, message string) { out = append(out, violation{field, message}) }

	if len(s.Selectors) == 0 {
		add("selectors", "must have at least one element")
	}
	for i, sel := range s.Selectors {
		path := fmt.Sprintf("selectors[%d].match", i)
		if len(sel.Match) == 0 {
			add(path, "must have at least one tag")
		}
		keys := make([]string, 0, len(sel.Match))
		for key := range sel.Match {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			keyPath := fmt.Sprintf("%s[%q]", path, key)
			if key == "" {
				add(path, "tag name must be non-empty")
			}
			if !tagNameChars.MatchString(key) {
				add(keyPath, "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores")
			}
			value := sel.Match[key]
			if value == "" {
				add(keyPath, "tag value must be non-empty")
			}
			if !selectorChars.MatchString(value) {
				add(keyPath, `tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be "*"`)
			}
		}
	}

	c := s.Conf
	if c == nil {
		add("conf", "has to be defined")
		return out
	}

	hasService := false
	seen := map[string]bool{}
	for k, p := range c.Parameters {
		path := fmt.Sprintf("conf.parameters[%d]", k)
		if seen[p.Name] {
			add(path+".name", "name is already used")
		}
		seen[p.Name] = true
		if p.TagKey != "" {
			hasService = hasService || p.TagKey == serviceTag
			if !tagNameChars.MatchString(p.TagKey) {
				add(path+".tagKey", "must be a valid tag name")
			}
		} else if !tagNameChars.MatchString(p.Name) {
			add(path+".name", "must be a valid tag name if you are not setting tagKey")
		}
		if !parameterKey.MatchString(p.Name) {
			add(path+".name", "must consist of alphanumeric characters to be used as a gotemplate key")
		}
	}
	if !hasService {
		add("conf.parameters", "must contain a parameter with kuma.io/service as a tagKey")
	}

	if c.Host == "" {
		add("conf.host", "has to be defined")
	} else {
		fake := map[string]string{}
		for _, p := range c.Parameters {
			fake[keyOf(p)] = "dummy"
		}
		if err := evalHost(c, fake); err != nil {
			add("conf.host", fmt.Sprintf("template pre evaluation failed with error=%q", err.Error()))
		}
	}
	if c.Port == "" {
		add("conf.port", "has to be defined")
	} else {
		fake := map[string]string{}
		for _, p := range c.Parameters {
			fake[keyOf(p)] = "1"
		}
		if err := evalPort(c, fake); err != nil {
			add("conf.port", fmt.Sprintf("template pre evaluation failed with error=%q", err.Error()))
		}
	}
	return out
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	encoder := json.NewEncoder(writer)
	encoder.SetEscapeHTML(false)
	for scanner.Scan() {
		var in input
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, "bad input line:", err)
			os.Exit(1)
		}
		if err := encoder.Encode(output{ID: in.ID, Violations: validate(in.Spec)}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := scanner.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
