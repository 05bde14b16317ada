// Package vectors holds one test: the copies of the project's public test
// vectors in testdata/vectors equal their source, ../shared/vectors, when
// that directory is beside the repository (as in the developers'
// workspace). The tests of mrz, ident, server and checks/identity read the
// copies, so they run on any clone.
package vectors
