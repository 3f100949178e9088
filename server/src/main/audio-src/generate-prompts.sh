#!/usr/bin/env bash
# Regenerates the audio under server/src/main/resources/audio/ (committed; run again only to change it).
#   prompts/<lang>/<word>.ul  spoken words and phrases in English (en) and Spanish (es): espeak-ng (GPL program;
#                      its output is not covered by the GPL), 8 kHz mono raw µ-law (G.711 PCMU, what RTP sends),
#                      silence trimmed, normalised to -3 dBFS. The file names are the clip names
#                      io.switchboard.media.audio.Prompts and its number words (EnglishWords, SpanishWords) ask for.
#   music/hold.ul      music on hold: a chord progression synthesised by sox here (no third-party recording,
#                      hence no copyright or royalty question), 8 kHz raw µ-law
# Needs: espeak-ng, sox (Debian: apt-get install -y espeak-ng sox). Usage: generate-prompts.sh [output-dir]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../resources/audio}"
mkdir -p "$out/prompts/en" "$out/prompts/es" "$out/music"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

lang="en"
voice="en-us"
speed=150

say() { # say <file-name> <text>
  espeak-ng -v "$voice" -s "$speed" -w "$tmp/$1.wav" "$2"
  sox "$tmp/$1.wav" -r 8000 -c 1 -t ul "$out/prompts/$lang/$1.ul" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse norm -3
}

# Phrases of the queue announcement: "You are caller number N. Your estimated wait is M minutes."
say you-are-caller-number "You are caller number"
say your-estimated-wait-is "Your estimated wait is"
say minute "minute"
say minutes "minutes"
say less-than-one-minute "less than one minute"
say thank-you-for-holding "Thank you for holding. Your call is important to us."
say welcome "Thank you for calling. Please hold for the next available agent."
say all-agents-busy "All our agents are still busy. Please call again later. Goodbye."
# A predictive campaign's answered contact no agent took within the grace time (call.PredictiveDials)
say campaign-abandon "Sorry, we called you but no agent is free right now. We will call you again. Goodbye."
say goodbye "Goodbye."
say closed "Thank you for calling. We are closed now. Please call again during our business hours. Goodbye."
say about "about"
# Callbacks that keep the caller's place (io.switchboard.call.CallbackOffers): the offer ends with the queue's key,
# the number is read out digit by digit between callback-number-is and callback-confirm.
say callback-offer "To be called back without losing your place in the queue, press"
say callback-number-is "We will call you back at"
say callback-confirm "To confirm, press the hash key. To use another number, enter it now, followed by the hash key."
say callback-enter-number "Please enter the number we should call you back at, followed by the hash key."
say callback-invalid "Sorry, that number cannot be used."
say callback-confirmed "Thank you. You keep your place in the queue, and we will call you back when it is your turn. Goodbye."
# Voicemail (io.switchboard.call.Voicemails): said before the beep.
say voicemail-greeting "Please leave a message after the tone. Press hash when you are done."

# Numbers, composed by io.switchboard.media.audio.Prompts (e.g. 123 = one hundred twenty three).
words=(zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
  seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand)
for w in "${words[@]}"; do
  say "$w" "$w"
done

# Spanish (Latin American voice): the same phrases; "about" is "aproximadamente" (said before any number of minutes).
lang="es"
voice="es-419"
say you-are-caller-number "Su posición en la cola es"
say your-estimated-wait-is "El tiempo de espera estimado es de"
say minute "minuto"
say minutes "minutos"
say less-than-one-minute "menos de un minuto"
say thank-you-for-holding "Gracias por esperar. Su llamada es importante para nosotros."
say welcome "Gracias por llamar. Por favor, espere al próximo agente disponible."
say all-agents-busy "Todos nuestros agentes siguen ocupados. Por favor, llame más tarde. Adiós."
say campaign-abandon "Lo sentimos, le hemos llamado pero ahora no hay ningún agente libre. Le volveremos a llamar. Adiós."
say goodbye "Adiós."
say closed "Gracias por llamar. En este momento estamos cerrados. Por favor, llame de nuevo en nuestro horario de atención. Adiós."
say about "aproximadamente"
say callback-offer "Para que le devolvamos la llamada sin perder su lugar en la cola, pulse"
say callback-number-is "Le llamaremos al"
say callback-confirm "Para confirmar, pulse la tecla numeral. Para usar otro número, márquelo ahora, seguido de la tecla numeral."
say callback-enter-number "Por favor, marque el número al que debemos llamarle, seguido de la tecla numeral."
say callback-invalid "Lo sentimos, ese número no se puede usar."
say callback-confirmed "Gracias. Conserva su lugar en la cola y le llamaremos cuando sea su turno. Adiós."
say voicemail-greeting "Por favor, deje un mensaje después del tono. Pulse la tecla numeral cuando termine."

# Spanish number words (SpanishWords composes them: 21 = veintiuno, 35 = treinta y cinco, 101 = ciento uno, and
# "un"/"veintiún" before "minuto(s)"): file name, then what is said (accents only in the text).
es_words=(cero:cero uno:uno un:un dos:dos tres:tres cuatro:cuatro cinco:cinco seis:seis siete:siete ocho:ocho
  nueve:nueve diez:diez once:once doce:doce trece:trece catorce:catorce quince:quince dieciseis:dieciséis
  diecisiete:diecisiete dieciocho:dieciocho diecinueve:diecinueve veinte:veinte veintiuno:veintiuno veintiun:veintiún
  veintidos:veintidós veintitres:veintitrés veinticuatro:veinticuatro veinticinco:veinticinco veintiseis:veintiséis
  veintisiete:veintisiete veintiocho:veintiocho veintinueve:veintinueve treinta:treinta cuarenta:cuarenta
  cincuenta:cincuenta sesenta:sesenta setenta:setenta ochenta:ochenta noventa:noventa y:y cien:cien ciento:ciento
  doscientos:doscientos trescientos:trescientos cuatrocientos:cuatrocientos quinientos:quinientos
  seiscientos:seiscientos setecientos:setecientos ochocientos:ochocientos novecientos:novecientos mil:mil)
for pair in "${es_words[@]}"; do
  say "${pair%%:*}" "${pair#*:}"
done

# Music: I - vi - IV - V in C major (C, Am, F, G), then the same with the IV as Dm, 2 s per chord: plucked
# triads over a soft sine bass, each chord faded in and out so the loop has no clicks at its seam.
chord() { # chord <name> <bass Hz> <three note Hz>
  sox -n -r 8000 -c 4 "$tmp/$1.wav" synth 2 sine "$2" pluck "$3" pluck "$4" pluck "$5" \
    remix - fade q 0.05 2 0.3 vol 0.5
}
chord c 130.81 261.63 329.63 392.00
chord am 110.00 220.00 261.63 329.63
chord f 87.31 174.61 220.00 261.63
chord g 98.00 196.00 246.94 293.66
chord dm 73.42 146.83 174.61 220.00
sox "$tmp/c.wav" "$tmp/am.wav" "$tmp/f.wav" "$tmp/g.wav" \
    "$tmp/c.wav" "$tmp/am.wav" "$tmp/dm.wav" "$tmp/g.wav" \
    -r 8000 -c 1 -t ul "$out/music/hold.ul" norm -6

du -sh "$out"
