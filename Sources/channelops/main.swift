import Foundation

// The whole program: parse the command line, run one command, exit with its code.
let code = await CommandLineTool.run(Array(CommandLine.arguments.dropFirst()))
exit(code.rawValue)
