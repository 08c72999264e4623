package extract

// SetTwoPassBytes sets the size above which documents are read in two
// passes, and returns what restores it.
func SetTwoPassBytes(n int) (restore func()) {
	old := twoPassBytes
	twoPassBytes = n
	return func() { twoPassBytes = old }
}
