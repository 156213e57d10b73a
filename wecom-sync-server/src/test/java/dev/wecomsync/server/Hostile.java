package dev.wecomsync.server;

/** XML that a careless parser would expand or resolve. */
final class Hostile {
    private Hostile() {}

    /** An event whose UserID is an external entity pointing at /etc/passwd. */
    static String xxe() {
        return "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><ToUserName>" + Signer.CORP_ID + "</ToUserName><CreateTime>1</CreateTime>"
                + "<MsgType>event</MsgType><Event>change_contact</Event><ChangeType>delete_user</ChangeType>"
                + "<UserID>&xxe;</UserID></xml>";
    }

    /** Ten levels of ten-fold entity expansion: 10^10 copies of "lol" if expanded. */
    static String billionLaughs() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            xml.append("<!ENTITY l").append(i).append(" \"");
            for (int j = 0; j < 10; j++) xml.append("&l").append(i - 1).append(';');
            xml.append("\">");
        }
        return xml.append("]><xml><CreateTime>1</CreateTime><Content>&l10;</Content></xml>").toString();
    }
}
