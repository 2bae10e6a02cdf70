// Command golang answers strconv, fmt and encoding/json questions with Go's
// own standard library, one JSON line per case.
//
// A case is {"op": ..., ...}; the answer is {"out": ...} or {"err": ...}.
// Strings that are not valid UTF-8 travel base64-encoded as "s_base64" (in)
// and "out_base64" (out). Floats travel as their IEEE bits in hexadecimal:
// "bits" holds a float64's 16 digits, or a float32's 8 digits when "size" is 32.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"unicode"
	"unicode/utf8"
)

type request struct {
	Op      string `json:"op"`
	S       string `json:"s"`
	SBase64 string `json:"s_base64"`
	Rune    int32  `json:"rune"`
	Base    int    `json:"base"`
	Size    int    `json:"size"`
	Bits    string `json:"bits"`
	Fmt     string `json:"fmt"`
	Prec    int    `json:"prec"`
	Format  string `json:"format"`
}

func text(answer map[string]any, name string, value string) {
	if utf8.ValidString(value) {
		answer[name] = value
	} else {
		answer[name+"_base64"] = base64.StdEncoding.EncodeToString([]byte(value))
	}
}

func input(req request) string {
	if req.SBase64 != "" {
		data, err := base64.StdEncoding.DecodeString(req.SBase64)
		if err != nil {
			panic(err)
		}
		return string(data)
	}
	return req.S
}

// float returns the case's float: a float32 widened exactly when size is 32.
func float(req request) (float64, float32) {
	bits, err := strconv.ParseUint(req.Bits, 16, 64)
	if err != nil {
		panic(err)
	}
	if req.Size == 32 {
		f := math.Float32frombits(uint32(bits))
		return float64(f), f
	}
	return math.Float64frombits(bits), 0
}

func bitsOf(f float64, size int) string {
	if size == 32 {
		return fmt.Sprintf("%08x", math.Float32bits(float32(f)))
	}
	return fmt.Sprintf("%016x", math.Float64bits(f))
}

func answer(req request) map[string]any {
	result := map[string]any{}
	s := input(req)
	switch req.Op {
	case "rune":
		r := rune(req.Rune)
		one := string(r)
		result["IsPrint"] = strconv.IsPrint(r)
		result["IsGraphic"] = strconv.IsGraphic(r)
		result["Quote"] = strconv.Quote(one)
		result["QuoteToASCII"] = strconv.QuoteToASCII(one)
		result["QuoteToGraphic"] = strconv.QuoteToGraphic(one)
		result["QuoteRune"] = strconv.QuoteRune(r)
		result["QuoteRuneToASCII"] = strconv.QuoteRuneToASCII(r)
		result["CanBackquote"] = strconv.CanBackquote(one)
		result["IsLetter"] = unicode.IsLetter(r)
		result["IsDigit"] = unicode.IsDigit(r)
	case "Quote":
		text(result, "out", strconv.Quote(s))
	case "QuoteToASCII":
		text(result, "out", strconv.QuoteToASCII(s))
	case "QuoteToGraphic":
		text(result, "out", strconv.QuoteToGraphic(s))
	case "CanBackquote":
		result["out"] = strconv.CanBackquote(s)
	case "Unquote":
		out, err := strconv.Unquote(s)
		if err != nil {
			result["err"] = err.Error()
		} else {
			text(result, "out", out)
		}
	case "ParseInt":
		out, err := strconv.ParseInt(s, req.Base, req.Size)
		result["out"] = strconv.FormatInt(out, 10)
		if err != nil {
			text(result, "err", err.Error())
		}
	case "ParseUint":
		out, err := strconv.ParseUint(s, req.Base, req.Size)
		result["out"] = strconv.FormatUint(out, 10)
		if err != nil {
			text(result, "err", err.Error())
		}
	case "ParseFloat":
		out, err := strconv.ParseFloat(s, req.Size)
		result["out"] = bitsOf(out, req.Size)
		if err != nil {
			text(result, "err", err.Error())
		}
	case "FormatFloat":
		f, _ := float(req)
		result["out"] = strconv.FormatFloat(f, req.Fmt[0], req.Prec, req.Size)
	case "Sprintf":
		f64, f32 := float(req)
		if req.Size == 32 {
			result["out"] = fmt.Sprintf(req.Format, f32)
		} else {
			result["out"] = fmt.Sprintf(req.Format, f64)
		}
	case "JSONFloat":
		f64, f32 := float(req)
		var out []byte
		var err error
		if req.Size == 32 {
			out, err = json.Marshal(f32)
		} else {
			out, err = json.Marshal(f64)
		}
		if err != nil {
			result["err"] = err.Error()
		} else {
			result["out"] = string(out)
		}
	case "JSONString":
		out, err := json.Marshal(s)
		if err != nil {
			panic(err)
		}
		result["out"] = string(out)
	default:
		panic("unknown op " + req.Op)
	}
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
