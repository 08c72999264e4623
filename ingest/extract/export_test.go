package extract

// SetTwoPassBytes sets the size above which documents are read in two
// passes, and returns what restores it.
func SetTwoPassBytes(n int) (restore func()) {
	old := twoPassBytes
	twoPassBytes = n
	return func() { twoPassBytes = old }
}

// SetTokenChunk sets about how much of a long sentence the first pass
// tokenizes at once, and returns what restores it.
func SetTokenChunk(n int) (restore func()) {
	old := tokenChunk
	tokenChunk = n
	return func() { tokenChunk = old }
}
