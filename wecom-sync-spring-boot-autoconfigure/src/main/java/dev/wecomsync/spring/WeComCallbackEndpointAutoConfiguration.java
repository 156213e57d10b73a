package dev.wecomsync.spring;

import dev.wecomsync.callback.CallbackHandler;
import dev.wecomsync.spring.internal.CallbackServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The callback endpoint ({@code wecom.callback.path}, GET and POST) on the application's own servlet
 * container, when there is a {@link CallbackHandler} bean. Define a bean named
 * {@code weComCallbackServlet} to register it yourself.
 */
@AutoConfiguration(after = WeComSyncAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"jakarta.servlet.http.HttpServlet",
        "org.springframework.boot.web.servlet.ServletRegistrationBean"})
@ConditionalOnBean(CallbackHandler.class)
public class WeComCallbackEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "weComCallbackServlet")
    public ServletRegistrationBean<CallbackServlet> weComCallbackServlet(WeComProperties properties,
            CallbackHandler handler, ObjectProvider<WeComSyncObserver> observers) {
        ServletRegistrationBean<CallbackServlet> registration = new ServletRegistrationBean<>(
                new CallbackServlet(handler, observers.orderedStream().toList()), properties.getCallback().getPath());
        registration.setName("weComCallbackServlet");
        return registration;
    }
}
