// Command gen turns the communes.json of the npm package
// @etalab/decoupage-administratif into places/communes.tsv.gz.
//
//	go run ./places/internal/gen -in /tmp/etalab/package -out places/communes.tsv.gz
package main

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

type commune struct {
	Code         string   `json:"code"`
	Nom          string   `json:"nom"`
	Departement  string   `json:"departement"`
	Type         string   `json:"type"`
	CodesPostaux []string `json:"codesPostaux"`
}

func main() {
	in := flag.String("in", "", "unpacked npm package directory (holds package.json and data/)")
	out := flag.String("out", "communes.tsv.gz", "output file")
	flag.Parse()
	var pkg struct{ Version string }
	b, err := os.ReadFile(filepath.Join(*in, "package.json"))
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		log.Fatal(err)
	}
	b, err = os.ReadFile(filepath.Join(*in, "data", "communes.json"))
	if err != nil {
		log.Fatal(err)
	}
	var cs []commune
	if err := json.Unmarshal(b, &cs); err != nil {
		log.Fatal(err)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Code < cs[j].Code })
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	fmt.Fprintf(zw, "# source: npm @etalab/decoupage-administratif %s (data/communes.json), https://github.com/etalab/decoupage-administratif\n", pkg.Version)
	fmt.Fprintf(zw, "# licence: Licence Ouverte / Open Licence 2.0 (Etalab); generated %s by places/internal/gen\n", time.Now().UTC().Format("2006-01-02"))
	fmt.Fprintf(zw, "# columns: insee, name, department, postal codes (comma), type (A current commune, D deleguee, S associee, M arrondissement municipal)\n")
	types := map[string]string{"commune-actuelle": "A", "commune-deleguee": "D", "commune-associee": "S", "arrondissement-municipal": "M"}
	for _, c := range cs {
		t := types[c.Type]
		if t == "" {
			continue
		}
		fmt.Fprintf(zw, "%s\t%s\t%s\t%s\t%s\n", c.Code, c.Nom, c.Departement, strings.Join(c.CodesPostaux, ","), t)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
