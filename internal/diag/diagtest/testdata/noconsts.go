package example

var notACode = "EX001"
