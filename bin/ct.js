#!/usr/bin/env node
// Entry point: hands the process over to the compiled CLI; nothing else lives here.
import { main } from "../dist/main.js";

main();
