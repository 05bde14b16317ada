package checks

import "github.com/idcontrol/idcontrol/places"

// Warm loads the reference data the families read (the commune and postal
// code tables of places), so that the server pays for it at start rather
// than on its first call (milliseconds). The server calls it once; the
// families would load the same data lazily without it.
func Warm() {
	places.Preload()
}
