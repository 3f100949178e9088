package io.switchboard.chat.bot;

import java.util.List;

/**
 * What every bot knows without being told: how a customer asks for a person and says they are done, in English and
 * Spanish (both sets go into every bot's index, whatever its language: a customer may write in either), and the
 * default texts of the bot's language.
 */
record BuiltIns(String rephrase, String handover, String goodbye) {

  /** The reserved intent names of the built-in phrases (a tenant's intent names start with [a-z0-9]). */
  static final String PERSON = "_person";
  static final String DONE = "_done";

  static final List<String> PERSON_PHRASES = List.of(
      "talk to a person", "speak to a human", "can I talk to someone", "real person please", "human agent",
      "talk to an agent", "customer service representative", "operator",
      "hablar con una persona", "quiero hablar con un agente", "quiero un humano", "una persona real",
      "hablar con alguien", "operador");

  static final List<String> DONE_PHRASES = List.of(
      "thanks that's all", "thank you goodbye", "thanks bye", "goodbye", "that is all I needed", "no thanks I'm done",
      "gracias eso es todo", "adiós", "nada más gracias", "ya está gracias", "hasta luego");

  static BuiltIns of(String language) {
    return "es".equals(language)
        ? new BuiltIns("Perdón, no lo he entendido. ¿Puede decirlo de otra manera?",
            "Le paso con una persona que puede ayudarle. Espere un momento, por favor.",
            "Me alegra haber ayudado. ¡Hasta luego!")
        : new BuiltIns("Sorry, I did not understand. Could you say it another way?",
            "Let me find a person who can help you. Please wait a moment.",
            "Glad I could help. Goodbye!");
  }
}
