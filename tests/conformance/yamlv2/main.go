// What iofogctl 3.x and potctl do to a file before the Controller sees it, with the real
// gopkg.in/yaml.v2: decode each document strictly into the CLI's header
// (internal/execute/utils.go, GetExecutorsFromYAML), re-marshal the spec (the kind handler's
// yaml.Marshal(header.Spec)), decode it again (internal/deploy/application/factory.go,
// yaml.UnmarshalStrict into interface{}), and marshal the header the go-sdk builds
// (pkg/apps/applications.go, yaml.Marshal(file)). It prints one JSON line per document: the
// values yaml.v2 decoded, with their Go types, and the exact text that is uploaded.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"

	yaml "gopkg.in/yaml.v2"
)

type metadata struct {
	Name      string   `yaml:"name"`
	Namespace string   `yaml:"namespace,omitempty"`
	Tags      []string `yaml:"tags,omitempty"`
}

type header struct {
	APIVersion string      `yaml:"apiVersion"`
	Kind       string      `yaml:"kind"`
	Metadata   metadata    `yaml:"metadata"`
	Spec       interface{} `yaml:"spec"`
}

type typed map[string]interface{}

func describe(v interface{}) interface{} {
	switch x := v.(type) {
	case nil:
		return typed{"null": true}
	case bool:
		return typed{"bool": x}
	case int:
		return typed{"int": strconv.Itoa(x)}
	case int64:
		return typed{"int": strconv.FormatInt(x, 10)}
	case uint64:
		return typed{"int": strconv.FormatUint(x, 10)}
	case float64:
		switch {
		case math.IsNaN(x):
			return typed{"float": "nan"}
		case math.IsInf(x, 1):
			return typed{"float": "inf"}
		case math.IsInf(x, -1):
			return typed{"float": "-inf"}
		}
		return typed{"float": strconv.FormatFloat(x, 'g', -1, 64)}
	case string:
		return typed{"str": x}
	case []interface{}:
		items := []interface{}{}
		for _, item := range x {
			items = append(items, describe(item))
		}
		return typed{"seq": items}
	case map[interface{}]interface{}:
		pairs := [][]interface{}{}
		for key, value := range x {
			pairs = append(pairs, []interface{}{describe(key), describe(value)})
		}
		sort.Slice(pairs, func(i, j int) bool {
			a, _ := json.Marshal(pairs[i][0])
			b, _ := json.Marshal(pairs[j][0])
			return string(a) < string(b)
		})
		return typed{"map": pairs}
	}
	return typed{"other": fmt.Sprintf("%T %v", v, v)}
}

func fail(out *json.Encoder, err error) {
	out.Encode(typed{"error": err.Error()})
}

func main() {
	input, _ := io.ReadAll(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	// Mode "value": each document is a bare value (a scalar test); mode "file": a deploy file.
	whole := len(os.Args) > 1 && os.Args[1] == "file"
	dec := yaml.NewDecoder(bytes.NewReader(input))
	dec.SetStrict(true)
	for {
		var doc header
		var bare interface{}
		var err error
		if whole {
			err = dec.Decode(&doc)
		} else {
			err = dec.Decode(&bare)
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fail(out, err)
			return
		}
		if !whole {
			// A bare value travels as a spec does: marshalled, decoded strictly, marshalled.
			doc.Spec = bare
		}
		first, err := yaml.Marshal(doc.Spec)
		if err != nil {
			fail(out, err)
			return
		}
		var spec interface{}
		if err := yaml.UnmarshalStrict(first, &spec); err != nil {
			fail(out, err)
			return
		}
		var sent []byte
		if whole {
			sent, err = yaml.Marshal(header{doc.APIVersion, doc.Kind, metadata{Name: doc.Metadata.Name}, spec})
		} else {
			sent, err = yaml.Marshal(spec)
		}
		if err != nil {
			fail(out, err)
			return
		}
		out.Encode(typed{"decoded": describe(doc.Spec), "sent": string(sent)})
	}
}
